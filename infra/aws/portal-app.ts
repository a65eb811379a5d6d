import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { PortalStack } from './portal-stack.ts';
import { settingsFromContext } from './settings.ts';

/**
 * The app as `cdk synth` builds it and as the infra tests build it: the stack, and cdk-nag's
 * AwsSolutions and Serverless packs as validation plugins, so that an unacknowledged finding
 * fails the synth.
 */
export function createPortalApp(props: AppProps & { readonly webDistPath?: string } = {}): {
  readonly app: App;
  readonly stack: PortalStack;
} {
  const { webDistPath, ...appProps } = props;
  const app = new App(appProps);
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new ServerlessChecks(app, { verbose: true }),
  );
  Tags.of(app).add('project', 'total-customer');

  // Environment-agnostic: synthesises with no account, region or network, and deploys wherever
  // the CLI's credentials point. Nothing in the stack looks anything up.
  const settings = settingsFromContext(app.node);
  const stack = new PortalStack(app, `${settings.stackPrefix ?? ''}TotalCustomer`, {
    description: 'Total Customer: referrals, handoffs and issues, with the total customer scorecard',
    settings,
    webDistPath,
  });
  return { app, stack };
}
