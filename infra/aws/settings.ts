import type { Node } from 'constructs';
import type { CognitoFeaturePlan } from './auth.ts';
import type { CustomDomain } from './web.ts';

/** What one deployment may choose, read from cdk.json's context or `cdk deploy -c key=value`. */
export interface PortalSettings {
  /** `orgTimeZone`: the time zone weeks and SLA deadlines are counted in. */
  readonly orgTimeZone: string;
  /** `authDomainPrefix`: the hosted UI's prefix; by default derived from the account id. */
  readonly authDomainPrefix?: string;
  /** `cognitoFeaturePlan`: `plus` (threat protection, the default) or `essentials`. */
  readonly cognitoFeaturePlan: CognitoFeaturePlan;
  /** `domainName` and `certificateArn` (us-east-1), both or neither. */
  readonly customDomain?: CustomDomain;
  /** `alarmEmail`: subscribed to the alarm topic. */
  readonly alarmEmail?: string;
  /** `mailFrom`: the address notification e-mail is sent from (SES); without it, none is sent. */
  readonly mailFrom?: string;
  /** `mailIdentity`: the verified SES identity `mailFrom` sends as; by default its domain. */
  readonly mailIdentity?: string;
}

function optionalString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** Reads and checks the settings, failing the synth on a malformed one rather than deploying it. */
export function settingsFromContext(node: Node): PortalSettings {
  const plan = optionalString(node, 'cognitoFeaturePlan') ?? 'plus';
  if (plan !== 'plus' && plan !== 'essentials') {
    throw new Error(`Context "cognitoFeaturePlan" must be "plus" or "essentials", got "${plan}"`);
  }
  const prefix = optionalString(node, 'authDomainPrefix');
  if (prefix !== undefined && !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix)) {
    throw new Error(`Context "authDomainPrefix" must be lower-case letters, digits and hyphens, got "${prefix}"`);
  }
  const domainName = optionalString(node, 'domainName');
  const certificateArn = optionalString(node, 'certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error('Context "domainName" and "certificateArn" go together: set both or neither');
  }
  return {
    orgTimeZone: optionalString(node, 'orgTimeZone') ?? 'Europe/London',
    authDomainPrefix: prefix,
    cognitoFeaturePlan: plan,
    customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
    alarmEmail: optionalString(node, 'alarmEmail'),
    mailFrom: mailFromOf(node),
    mailIdentity: optionalString(node, 'mailIdentity'),
  };
}

function mailFromOf(node: Node): string | undefined {
  const mailFrom = optionalString(node, 'mailFrom');
  if (mailFrom !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mailFrom)) {
    throw new Error(`Context "mailFrom" must be an e-mail address, got "${mailFrom}"`);
  }
  return mailFrom;
}
