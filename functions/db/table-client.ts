/**
 * A thin wrapper over the DynamoDB document client bound to the one table. It turns the SDK's
 * `ConditionalCheckFailedException` into `ConditionFailed`, so the rest of the code never
 * inspects SDK error names.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DeleteCommandInput,
  type PutCommandInput,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';

export class ConditionFailed extends Error {
  constructor() {
    super('Condition failed');
    this.name = 'ConditionFailed';
  }
}

/**
 * Awaits a conditional write and says whether it was made: `false` when its condition did not
 * hold, so callers need no try/catch of their own. Any other error is rethrown.
 * @example const claimed = await conditionHolds(table.delete({ Key, ConditionExpression: 'attribute_exists(pk)' }));
 */
export async function conditionHolds(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if (err instanceof ConditionFailed) return false;
    throw err;
  }
}

/**
 * Awaits a conditional write that returns an item (`ReturnValues`): the item, or `undefined`
 * when the condition did not hold. Any other error is rethrown.
 * @example const admitted = await ifConditionHolds(table.update<LobbyItem>({ …, ReturnValues: 'ALL_NEW' }));
 */
export async function ifConditionHolds<T>(write: Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await write;
  } catch (err) {
    if (err instanceof ConditionFailed) return undefined;
    throw err;
  }
}

const detachedWork = new AsyncLocalStorage<true>();

/**
 * Runs table work that the answer does not wait for (e.g. marking an overlay published after
 * LiveKit took it): started, never awaited by the route. Marked so that the round-trip meter of
 * the tests and the bench counts it apart from the answer's sequential round trips.
 */
export function detached(work: () => Promise<unknown>, onError: (err: unknown) => void): void {
  detachedWork.run(true, () => work().catch(onError));
}

/** True inside `detached` work. */
export const inDetachedWork = (): boolean => detachedWork.getStore() === true;

export type Item = Record<string, unknown>;
export type Key = { pk: string; sk: string };
type Without<T, K extends keyof T> = Omit<T, K | 'TableName'>;

function isConditionFailure(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/** Awaits a write, turning the SDK's failed condition into `ConditionFailed`. */
async function written<O>(sent: Promise<O>): Promise<O> {
  try {
    return await sent;
  } catch (err) {
    if (isConditionFailure(err)) throw new ConditionFailed();
    throw err;
  }
}

export class TableClient {
  readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  async get<T = Item>(pk: string, sk: string): Promise<T | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }),
    );
    return out.Item as T | undefined;
  }

  /**
   * Reads up to 100 items by key in one request, strongly consistent; missing items are simply
   * absent from the result (in no particular order). Keys DynamoDB leaves unprocessed (throttling)
   * are asked for again.
   */
  async batchGet<T = Item>(keys: Key[]): Promise<T[]> {
    const items: T[] = [];
    let pending: Key[] = keys;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const out = await this.doc.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...((out.Responses?.[this.tableName] ?? []) as T[]));
      pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Key[];
    }
    return items;
  }

  async put(input: Without<PutCommandInput, never>): Promise<void> {
    await written(this.doc.send(new PutCommand({ ...input, TableName: this.tableName })));
  }

  async update<T = Item>(input: Without<UpdateCommandInput, never>): Promise<T | undefined> {
    const out = await written(this.doc.send(new UpdateCommand({ ...input, TableName: this.tableName })));
    return out.Attributes as T | undefined;
  }

  async delete<T = Item>(input: Without<DeleteCommandInput, never>): Promise<T | undefined> {
    const out = await written(this.doc.send(new DeleteCommand({ ...input, TableName: this.tableName })));
    return out.Attributes as T | undefined;
  }

  /** One page of a query (`Limit` items at most); `more` says whether another page exists. */
  async queryPage<T = Item>(input: Without<QueryCommandInput, never>): Promise<{ items: T[]; more: boolean }> {
    const out = await this.doc.send(new QueryCommand({ ...input, TableName: this.tableName }));
    return { items: (out.Items ?? []) as T[], more: !!out.LastEvaluatedKey };
  }

  /** Runs a query to completion (all pages). */
  async query<T = Item>(input: Without<QueryCommandInput, never>): Promise<T[]> {
    const items: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }),
      );
      items.push(...((out.Items ?? []) as T[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

/** Epoch seconds, the unit of DynamoDB TTL attributes. */
export const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** True if an item with `expiresAt` (epoch seconds) has expired: TTL deletion is lazy. */
export const isExpired = (item: { expiresAt?: number } | undefined, now: Date) =>
  !!item?.expiresAt && item.expiresAt <= epochSeconds(now);
