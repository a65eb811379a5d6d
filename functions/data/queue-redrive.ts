import { GetQueueAttributesCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';

/**
 * Moves every message of a dead-letter queue back to the queue it came from (SQS's own message
 * move task, which finds the source from the redrive policy), for the webhook deliveries the
 * dispatcher could not record: they are attempted again, and each delivery is recorded once.
 */
export async function redriveDeadLetters(options: {
  readonly deadLetterQueueUrl: string;
  readonly region: string;
  readonly client?: SQSClient;
}): Promise<{ readonly messages: number; readonly taskHandle: string | undefined }> {
  const sqs = options.client ?? new SQSClient({ region: options.region });
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: options.deadLetterQueueUrl,
      AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
    }),
  );
  const arn = attributes.Attributes?.QueueArn;
  if (!arn) throw new Error(`${options.deadLetterQueueUrl} has no ARN: is it the right queue and region?`);
  const messages = Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0);
  if (messages === 0) return { messages, taskHandle: undefined };
  const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn }));
  return { messages, taskHandle: task.TaskHandle };
}
