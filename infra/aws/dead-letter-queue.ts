import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A queue that is itself a dead-letter queue: encrypted, TLS only, and kept 14 days (SQS's
 * longest) for someone to look at. cdk-nag asks every queue for a dead-letter queue of its
 * own; `reason` answers it for this one (whose failures rest here, and that nothing consumes
 * them to fail again).
 */
export function deadLetterQueue(scope: Construct, id: string, reason: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  for (const rule of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
    Validations.of(queue).acknowledge({ id: rule, reason });
  }
  return queue;
}
