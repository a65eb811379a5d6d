import { parseArgs } from 'node:util';
import { redriveDeadLetters } from '#data/queue-redrive.ts';

/**
 * `npm run redrive -- --queue-url <WebhookDeadLetterQueueUrl> --region eu-west-2 [--profile admin]`:
 * sends the webhook deliveries parked on the dead-letter queue back to the delivery queue. The
 * other dead-letter queues hold no work to send back (docs/deploy.md, "When an alarm fires").
 */
const { values } = parseArgs({
  options: {
    'queue-url': { type: 'string' },
    region: { type: 'string', default: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION },
    profile: { type: 'string' },
  },
});
if (!values['queue-url'] || !values.region) {
  console.error('Missing: --queue-url and --region (see docs/deploy.md).');
  process.exit(2);
}
// The SDK's default credential chain reads the profile from the environment.
if (values.profile) process.env.AWS_PROFILE = values.profile;
try {
  const { messages, taskHandle } = await redriveDeadLetters({
    deadLetterQueueUrl: values['queue-url'],
    region: values.region,
  });
  console.log(
    taskHandle
      ? `Moving about ${messages} messages back to their queue (task ${taskHandle}).`
      : 'The dead-letter queue is empty: nothing to move.',
  );
} catch (error) {
  console.error(`Could not redrive: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
