import { GetQueueAttributesCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { redriveDeadLetters } from '#data/queue-redrive.ts';

const sqs = mockClient(SQSClient);
const url = 'https://sqs.eu-west-2.amazonaws.com/123456789012/TotalCustomer-WebhooksDeadLetterQueue';
const arn = 'arn:aws:sqs:eu-west-2:123456789012:TotalCustomer-WebhooksDeadLetterQueue';

beforeEach(() => {
  sqs.reset();
});

const redrive = () => redriveDeadLetters({ deadLetterQueueUrl: url, region: 'eu-west-2', client: new SQSClient({}) });

describe('the dead-letter redrive', () => {
  it('starts a message move task from the queue, which SQS sends back to its source', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: arn, ApproximateNumberOfMessages: '3' } });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });

    expect(await redrive()).toEqual({ messages: 3, taskHandle: 'task-1' });
    expect(sqs).toHaveReceivedCommandWith(StartMessageMoveTaskCommand, { SourceArn: arn });
  });

  it('starts nothing when the queue is empty', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: arn, ApproximateNumberOfMessages: '0' } });

    expect(await redrive()).toEqual({ messages: 0, taskHandle: undefined });
    expect(sqs).toHaveReceivedCommandTimes(StartMessageMoveTaskCommand, 0);
  });
});
