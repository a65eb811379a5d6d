import type { TestProject } from 'vitest/node';
import { startDynamo } from '#local/dynamodb.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoints: string[];
  }
}

/**
 * One in-memory DynamoDB Local per worker of the integration suite (see `dynamo-endpoint.ts`);
 * each test file makes its own tables in its worker's emulator and deletes them when done.
 */
export default async function setup(project: TestProject) {
  const workers = Math.max(1, project.config.maxWorkers);
  const emulators = await Promise.all(Array.from({ length: workers }, () => startDynamo()));
  project.provide(
    'dynamoEndpoints',
    emulators.map((emulator) => emulator.endpoint),
  );
  return async () => {
    await Promise.all(emulators.map((emulator) => emulator.stop()));
  };
}
