import { readFileSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createPortalApp } from '../../infra/aws/portal-app.ts';
import type { PortalStack } from '../../infra/aws/portal-stack.ts';

export interface SynthesizedPortal {
  readonly app: App;
  readonly stack: PortalStack;
  readonly template: Template;
}

/** cdk.json's context: the tests synthesise with the same feature flags and settings as `cdk synth`. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/**
 * Synthesises the portal app as `cdk synth` does, cdk-nag included: an unacknowledged finding
 * makes `Template.fromStack` throw with the report. Without bundling the functions, unless the
 * context asks for it (`'aws:cdk:bundling-stacks': ['**']`): the template is the same either way,
 * and bundling nine functions per synthesis made the infra suite take most of CI's half hour on
 * a busy machine. `bundles.test.ts` synthesises with bundling, and checks what it bundles.
 */
export function synthesizePortal(
  context: Record<string, unknown> = {},
  options: { readonly webDistPath?: string } = {},
): SynthesizedPortal {
  const { app, stack } = createPortalApp({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
    ...options,
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The logical id CloudFormation knows a construct's resource by, for `{ Ref }` and `Fn::GetAtt` matches. */
export function logicalId(
  stack: PortalStack,
  construct: { readonly node: { readonly defaultChild?: unknown } },
): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<PortalStack['getLogicalId']>[0]);
}

/** The properties of the template's resource of `type` (the first, if several), failing if there is none. */
export function propertiesOf<T>(template: Template, type: string): T {
  const [resource] = Object.values(template.findResources(type));
  if (!resource) throw new Error(`The template has no ${type}`);
  return resource.Properties as T;
}
