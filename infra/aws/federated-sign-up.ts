import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import type { Auth } from './auth.ts';
import { PortalFunction } from './portal-function.ts';
import type { FederationSettings } from './settings.ts';
import type { Table } from './table.ts';

export interface FederatedSignUpProps {
  readonly auth: Auth;
  readonly table: Table;
  readonly federation: FederationSettings;
}

/**
 * The user pool's pre-sign-up trigger, with the `federation` setting: a first sign-in at the
 * company's identity provider is linked to the Cognito account of the directory user with its
 * verified e-mail address, or refused (functions/handlers/federated-sign-up.ts). The linked
 * account's subject and group are the user's id and role, so nothing the IdP says reaches them.
 */
export class FederatedSignUp extends Construct {
  readonly handler: PortalFunction;
  /** Where the IdP sends the person back: OIDC's redirect URI, SAML's assertion consumer service. */
  readonly redirectUrl: string;

  constructor(scope: Construct, id: string, props: FederatedSignUpProps) {
    super(scope, id);
    const { auth, federation } = props;

    this.handler = new PortalFunction(this, 'Trigger', {
      handler: 'federated-sign-up',
      description: "Total Customer: links a sign-in at the company's identity provider to its directory user",
      serviceName: 'total-customer-federated-sign-up',
      memorySize: 512,
      // Cognito waits at most 5 seconds for a trigger, whatever the function's timeout.
      reservedConcurrency: 5,
      environment: {
        FEDERATION_PROVIDER_NAME: federation.name,
        FEDERATION_EMAIL_DOMAINS: federation.emailDomains.join(','),
      } satisfies Partial<Record<keyof Config, string>>,
    });
    this.handler.bindTable(props.table, 'read');
    auth.userPool.addTrigger(cognito.UserPoolOperation.PRE_SIGN_UP, this.handler.lambda);

    // A policy of its own rather than the role's default one: the function depends on its
    // default policy, the pool on the function, and a grant naming the pool there would be a
    // cycle. Nothing calls these before the pool exists, so the function need not wait for them.
    new iam.Policy(this, 'LinkPolicy', {
      roles: [this.handler.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminLinkProviderForUser'],
          resources: [auth.userPool.userPoolArn],
        }),
      ],
    });

    this.redirectUrl = `${auth.hostedUiUrl}/${federation.type === 'oidc' ? 'oauth2' : 'saml2'}/idpresponse`;
  }
}
