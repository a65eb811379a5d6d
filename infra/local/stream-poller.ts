import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#lib/logger.ts';
import type { AggregatorHandler } from '../../functions/handlers/aggregator.ts';
import { type FilterPattern, matchesPattern } from '../aws/stream-filters.ts';

/**
 * The local twin of the Lambda event source on the table's stream: reads DynamoDB Local's
 * stream shard by shard and hands each batch, in the Lambda event's shape, to the same
 * aggregator handler. A batch with failures is read again from its first failed record on
 * the next poll (the dedup markers skip what had applied), as the event source retries.
 */
export interface StreamPollerOptions {
  readonly endpoint: string;
  readonly tableName: string;
  readonly region?: string;
  readonly handler: AggregatorHandler;
  /** Which consumer this is, in log lines (the aggregator unless told). */
  readonly name?: string;
  /** Where a shard is first read from: everything the stream still holds, or only what comes next. */
  readonly start?: 'TRIM_HORIZON' | 'LATEST';
  readonly batchSize?: number;
  /**
   * Where this consumer keeps how far it has read each shard, as the Lambda event source keeps
   * its position: a restart goes on from there rather than reading the whole stream (24 hours
   * of it) again. Without it, every start reads from `start`.
   */
  readonly checkpointFile?: string;
  /**
   * The event source mapping's filter: records that do not match are passed over (and count as
   * read), as Lambda never invokes a function with them.
   */
  readonly filter?: FilterPattern;
}

export interface StreamPoller {
  /** One pass over every open shard; resolves with how many records it read (handed over, or passed over by the filter). */
  pollOnce(): Promise<number>;
  /** Polls every `intervalMs` until stopped. */
  start(intervalMs: number): void;
  /**
   * Resolves once a timed poll has read the stream through to a page with nothing new: the
   * backlog (a fresh stack's demo history) has been handed over. Tests wait for it so that what they change is not
   * queued behind the seed.
   */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

interface ShardState {
  iterator: string | undefined;
  lastSequence: string | undefined;
}

type WireValue = Record<string, unknown>;

/**
 * An image as the Lambda event carries it. The SDK's deserialiser hands DynamoDB Local's empty
 * map back as `{}` (no `M`), which `unmarshall` refuses ("No value defined"), so one item with
 * an empty map would stall its shard: restore the `M`, in nested maps and lists too.
 */
function wireImage(image: Record<string, unknown>): Record<string, WireValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, wireValue(value as WireValue)]));
}

function wireValue(value: WireValue): WireValue {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M) return { M: wireImage(value.M as Record<string, unknown>) };
  if (Array.isArray(value.L)) return { L: value.L.map((item: WireValue) => wireValue(item)) };
  return value;
}

export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const data = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
    dynamodb: {
      ...(data.ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(data.ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
      Keys: data.Keys as never,
      ...(data.NewImage ? { NewImage: wireImage(data.NewImage) as never } : {}),
      ...(data.OldImage ? { OldImage: wireImage(data.OldImage) as never } : {}),
      SequenceNumber: data.SequenceNumber,
      SizeBytes: data.SizeBytes,
      StreamViewType: data.StreamViewType,
    },
  };
}

export function createStreamPoller(options: StreamPollerOptions): StreamPoller {
  const connection = {
    region: options.region ?? 'local',
    endpoint: options.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const streams = new DynamoDBStreamsClient(connection);
  const tableClient = new DynamoDBClient(connection);
  const shards = new Map<string, ShardState>();
  const finished = new Set<string>();
  let streamArn: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  let checkpoint: Record<string, string> | undefined;
  async function loadCheckpoint(arn: string): Promise<Record<string, string>> {
    if (checkpoint) return checkpoint;
    checkpoint = {};
    if (!options.checkpointFile) return checkpoint;
    try {
      const saved = JSON.parse(await readFile(options.checkpointFile, 'utf8')) as {
        streamArn?: string;
        shards?: Record<string, string>;
      };
      // A table made again has a new stream: the old positions mean nothing there.
      if (saved.streamArn === arn && saved.shards) checkpoint = saved.shards;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        logger.warn(`${options.name ?? 'aggregation'} ignores an unreadable checkpoint`, {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return checkpoint;
  }

  async function saveCheckpoint(): Promise<void> {
    if (!options.checkpointFile || !streamArn) return;
    const positions = { ...checkpoint };
    for (const [shardId, state] of shards) if (state.lastSequence) positions[shardId] = state.lastSequence;
    checkpoint = positions;
    await mkdir(dirname(options.checkpointFile), { recursive: true });
    // Written whole and renamed: a stop mid-write never leaves half a file to start from.
    const partial = `${options.checkpointFile}.partial`;
    await writeFile(partial, JSON.stringify({ streamArn, shards: positions }));
    await rename(partial, options.checkpointFile);
  }

  /** An iterator just after the saved position, or undefined when the stream no longer holds it. */
  async function resumeAt(arn: string, shardId: string, sequence: string): Promise<string | undefined> {
    try {
      return await iteratorAt(arn, shardId, 'AFTER_SEQUENCE_NUMBER', sequence);
    } catch (error) {
      if (error instanceof Error && /Trimmed|InvalidParameter|ValidationException/.test(error.name)) return undefined;
      throw error;
    }
  }

  async function discoverShards(arn: string): Promise<void> {
    const saved = await loadCheckpoint(arn);
    let exclusiveStart: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: exclusiveStart }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        const id = shard.ShardId;
        if (!id || shards.has(id) || finished.has(id)) continue;
        // A child shard is read from its start; only the first shards honour `start`.
        const type =
          shard.ParentShardId && finished.has(shard.ParentShardId) ? 'TRIM_HORIZON' : (options.start ?? 'TRIM_HORIZON');
        const from = saved[id];
        const resumed = from ? await resumeAt(arn, id, from) : undefined;
        const { ShardIterator } = resumed
          ? { ShardIterator: resumed }
          : await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: id, ShardIteratorType: type }));
        shards.set(id, { iterator: ShardIterator, lastSequence: from });
      }
      exclusiveStart = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStart);
  }

  async function iteratorAt(
    arn: string,
    shardId: string,
    type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER',
    sequence: string,
  ) {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: shardId,
        ShardIteratorType: type,
        SequenceNumber: sequence,
      }),
    );
    return ShardIterator;
  }

  async function pollOnce(): Promise<number> {
    if (!streamArn) {
      const { Table } = await tableClient.send(new DescribeTableCommand({ TableName: options.tableName }));
      streamArn = Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`The table ${options.tableName} has no stream.`);
    }
    const arn = streamArn;
    await discoverShards(arn);
    let handed = 0;
    for (const [shardId, state] of shards) {
      if (!state.iterator) {
        if (state.lastSequence && checkpoint) checkpoint[shardId] = state.lastSequence;
        shards.delete(shardId);
        finished.add(shardId);
        continue;
      }
      let page: GetRecordsCommandOutput;
      try {
        page = await streams.send(
          new GetRecordsCommand({ ShardIterator: state.iterator, Limit: options.batchSize ?? 100 }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'ExpiredIteratorException') {
          state.iterator = state.lastSequence
            ? await iteratorAt(arn, shardId, 'AFTER_SEQUENCE_NUMBER', state.lastSequence)
            : undefined;
          continue;
        }
        throw error;
      }
      const read = (page.Records ?? []).map((record) => toLambdaRecord(record, arn));
      const { filter } = options;
      const records = filter ? read.filter((record) => matchesPattern(filter, record)) : read;
      if (records.length === 0) {
        state.lastSequence = read.at(-1)?.dynamodb?.SequenceNumber ?? state.lastSequence;
        state.iterator = page.NextShardIterator;
        handed += read.length;
        continue;
      }
      const event: DynamoDBStreamEvent = { Records: records };
      const { batchItemFailures } = await options.handler(event);
      handed += read.length;
      const failed = batchItemFailures[0]?.itemIdentifier;
      if (failed) {
        // Read again from the first failure next time, as the event source would.
        state.iterator = await iteratorAt(arn, shardId, 'AT_SEQUENCE_NUMBER', failed);
        logger.warn(`${options.name ?? 'aggregation'} will retry`, { shardId, failures: batchItemFailures.length });
      } else {
        state.lastSequence = read.at(-1)?.dynamodb?.SequenceNumber ?? state.lastSequence;
        state.iterator = page.NextShardIterator;
      }
    }
    return handed;
  }

  let waiting: (() => void)[] = [];
  const drain = async () => {
    // A backlog (a fresh stack's demo history, a burst of changes) is read straight through,
    // page after page, rather than a page per tick: the tick only paces an idle stream.
    let handed = 0;
    for (let page = await pollOnce(); page > 0 && !stopped; page = await pollOnce()) handed += page;
    if (handed > 0) await saveCheckpoint();
    for (const resolve of waiting) resolve();
    waiting = [];
  };
  const guarded = async () => {
    if (running || stopped) return;
    running = drain()
      .catch((error: unknown) =>
        logger.warn('stream poll failed', { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        running = undefined;
      });
    await running;
  };

  return {
    pollOnce,
    caughtUp: () => new Promise<void>((resolve) => waiting.push(resolve)),
    start(intervalMs) {
      if (intervalMs <= 0 || timer) return;
      void guarded();
      timer = setInterval(guarded, intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      streams.destroy();
      tableClient.destroy();
    },
  };
}
