/**
 * Counts a request's DynamoDB calls and its sequential round trips: calls that start while
 * another is in flight share a round trip (they were sent together, e.g. with Promise.all);
 * a call that starts when none is in flight begins the next one. Deterministic for a request
 * whose calls are issued in the same tick when they are meant to run together. Detached work
 * (started, never awaited by the route) is counted apart.
 *
 * @example
 * const meter = meterTable(api.deps.table);
 * await api.request('/api/…');
 * meter.take() // { calls: 3, roundTrips: 2, detached: 0, operations: ['BatchGetItem', 'PutItem', 'GetItem'] }
 */
import { inDetachedWork, type TableClient } from '../../functions/db/table-client';

export interface RoundTrips {
  calls: number;
  roundTrips: number;
  /** Calls made as detached work (`detached` in table-client.ts): not on the answer's path. */
  detached: number;
  operations: string[];
}

export function meterTable(table: TableClient): { take(): RoundTrips; restore(): void } {
  const doc = table.doc as { send: (...args: unknown[]) => Promise<unknown> };
  const original = doc.send.bind(doc);
  let inFlight = 0;
  let current: RoundTrips = { calls: 0, roundTrips: 0, detached: 0, operations: [] };
  doc.send = async (...args: unknown[]) => {
    const command = args[0] as { constructor: { name: string } };
    const operation = command.constructor.name.replace(/Command$/, '');
    if (inDetachedWork()) {
      current.detached++;
      current.operations.push(`${operation} (detached)`);
      return original(...args);
    }
    current.calls++;
    current.operations.push(operation);
    if (inFlight === 0) current.roundTrips++;
    inFlight++;
    try {
      return await original(...args);
    } finally {
      inFlight--;
    }
  };
  return {
    take() {
      const result = current;
      current = { calls: 0, roundTrips: 0, detached: 0, operations: [] };
      return result;
    },
    restore() {
      doc.send = original;
    },
  };
}
