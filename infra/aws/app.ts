// The CDK app (cdk.json: "app"). The CLI synthesises it when this process exits.
import { createPortalApp } from './portal-app.ts';

createPortalApp();
