import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, type SynthesizedPortal, synthesizePortal } from './synthesize.ts';

/**
 * Issue 8's infrastructure promises, read from the synthesised template: every portal function
 * (found by its Powertools service name, so a function added later is covered too) has
 * reserved concurrency when the setting asks for it, and an alarm on its errors and throttles;
 * the API stage is throttled.
 * The 5xx alarm is in monitoring.test.ts, the dead-letter queue's in aggregator.test.ts, and
 * cdk-nag's verdict in nag.test.ts.
 */
let portal: SynthesizedPortal;
beforeAll(() => {
  portal = synthesizePortal();
});

type Resource = { Type: string; Properties: Record<string, unknown> };

function portalFunctions(of: SynthesizedPortal = portal): [string, Resource][] {
  return Object.entries(of.template.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter(
    ([, resource]) =>
      (resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
        ?.POWERTOOLS_SERVICE_NAME !== undefined,
  );
}

describe('Lambda reserved concurrency', () => {
  it('is off by default, so that a new account with a quota of 10 can deploy', () => {
    const functions = portalFunctions(portal);
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const [id, resource] of functions) {
      expect(resource.Properties.ReservedConcurrentExecutions, id).toBeUndefined();
    }
  });

  it('with the setting on, caps the API at 50, runs one sweeper at a time and gives the aggregator room for its shards', () => {
    const reserving = synthesizePortal({ reservedConcurrency: true });
    for (const [id, resource] of portalFunctions(reserving)) {
      expect(resource.Properties.ReservedConcurrentExecutions, id).toBeGreaterThanOrEqual(1);
    }
    const reserved = (fn: { lambda: object }) =>
      portalFunctions(reserving).find(([id]) => id === logicalId(reserving.stack, fn.lambda as never))?.[1].Properties
        .ReservedConcurrentExecutions;
    expect(reserved(reserving.stack.api.handler)).toBe(50);
    expect(reserved(reserving.stack.sweeper.handler)).toBe(1);
    expect(reserved(reserving.stack.aggregator.handler)).toBe(10);
  });
});

describe('API Gateway throttling', () => {
  it('limits the stage to 100 requests a second with bursts of 200', () => {
    portal.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });
});

describe('alarms', () => {
  it('watch the errors and throttles of every portal function, and tell the alarm topic', () => {
    const alarms = Object.values(portal.template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>);
    const topic = { Ref: logicalId(portal.stack, portal.stack.alarms.topic) };
    for (const [id] of portalFunctions()) {
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = alarms.find(
          (candidate) =>
            candidate.Properties.MetricName === metric &&
            JSON.stringify(candidate.Properties.Dimensions) ===
              JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }]),
        );
        expect(alarm, `${metric} alarm of ${id}`).toBeDefined();
        expect(alarm?.Properties.AlarmActions).toEqual([topic]);
      }
    }
  });
});
