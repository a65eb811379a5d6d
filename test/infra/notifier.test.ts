import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, type SynthesizedPortal, synthesizePortal } from './synthesize.ts';

interface Statement {
  readonly Action: string | string[];
  readonly Effect: string;
  readonly Resource: unknown;
}

let portal: SynthesizedPortal;
let withMail: SynthesizedPortal;
beforeAll(() => {
  portal = synthesizePortal();
  // cdk-nag runs in both: an unacknowledged finding fails the synthesis.
  withMail = synthesizePortal({ mailFrom: 'portal@mail.example.com' });
});

const notifier = (of: SynthesizedPortal) => of.stack.notifier;

function statementsOf(of: SynthesizedPortal): Statement[] {
  const policies = of.template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: logicalId(of.stack, notifier(of).handler.role) }] },
  });
  return Object.values(policies).flatMap(
    (policy) => (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement,
  );
}

const sesStatements = (of: SynthesizedPortal) =>
  statementsOf(of).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('ses:')));

describe('the notifier', () => {
  it("runs the notifier handler with the site URL, the signing secret's ARN (never its value) and the table", () => {
    portal.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Total Customer notifier (notifications and e-mail)',
      Runtime: 'nodejs22.x',
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: logicalId(portal.stack, portal.stack.table.table) },
          WEB_BASE_URL: Match.anyValue(),
          UNSUBSCRIBE_SECRET_ARN: { Ref: logicalId(portal.stack, notifier(portal).unsubscribeSecret) },
          POWERTOOLS_SERVICE_NAME: 'total-customer-notifier',
        }),
      },
    });
  });

  it('reads only new timeline events from the stream, with bisection, retries, partial failures and a dead-letter queue', () => {
    portal.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(portal.stack, portal.stack.table.table), 'StreamArn'] },
      FunctionName: { Ref: logicalId(portal.stack, notifier(portal).handler.lambda) },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [logicalId(portal.stack, notifier(portal).deadLetterQueue), 'Arn'] },
        },
      },
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('"INSERT"') }] },
    });
  });

  it('alarms on its errors and on any message left on its dead-letter queue', () => {
    portal.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(portal.stack, notifier(portal).deadLetterQueue), 'QueueName'] },
        },
      ],
    });
    portal.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(portal.stack, notifier(portal).handler.lambda) } }],
    });
  });

  it('gives the API (which checks unsubscribe links) and the import worker (which signs them too) the same secret', () => {
    const secret = logicalId(portal.stack, notifier(portal).unsubscribeSecret);
    const functions = portal.template.findResources('AWS::Lambda::Function');
    const holders = Object.values(functions).filter((fn) =>
      JSON.stringify((fn.Properties as { Environment?: unknown }).Environment ?? {}).includes(secret),
    );
    // The notifier, the API and the import worker.
    expect(holders).toHaveLength(3);
  });

  it('may send e-mail only when given a sender, and then only as that identity', () => {
    expect(sesStatements(portal)).toEqual([]);
    const ses = sesStatements(withMail);
    expect(ses).toHaveLength(1);
    expect(ses[0]?.Action).toBe('ses:SendEmail');
    expect(JSON.stringify(ses[0]?.Resource)).toContain(':identity/mail.example.com');
    expect(JSON.stringify(ses[0]?.Resource)).toContain(':configuration-set/');
    expect(JSON.stringify(ses[0]?.Resource)).toContain(
      JSON.stringify({ Ref: logicalId(withMail.stack, withMail.stack.mail?.configurationSet as never) }),
    );
    withMail.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Total Customer notifier (notifications and e-mail)',
      Environment: {
        Variables: Match.objectLike({
          MAIL_FROM: 'portal@mail.example.com',
          MAIL_CONFIGURATION_SET: { Ref: logicalId(withMail.stack, withMail.stack.mail?.configurationSet as never) },
        }),
      },
    });
  });

  it('refuses a sender that is not an e-mail address', () => {
    expect(() => synthesizePortal({ mailFrom: 'not an address' })).toThrow(/mailFrom/);
  });
});
