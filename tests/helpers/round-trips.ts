/**
 * Counts a request's DynamoDB calls and its sequential round trips: calls that start while
 * another is in flight share a round trip (they were sent together, e.g. with Promise.all);
 * a call that starts when none is in flight begins the next one. Deterministic for a request
 * whose calls are issued in the same tick when they are meant to run together.
 *
 * @example
 * const meter = meterTable(api.deps.table);
 * await api.request('/api/…');
 * meter.take() // { calls: 3, roundTrips: 2, operations: ['Query', 'GetItem', 'PutItem'] }
 */
import type { TableClient } from '../../functions/db/table-client';

export interface RoundTrips {
  calls: number;
  roundTrips: number;
  operations: string[];
}

export function meterTable(table: TableClient): { take(): RoundTrips; restore(): void } {
  const doc = table.doc as { send: (...args: unknown[]) => Promise<unknown> };
  const original = doc.send.bind(doc);
  let inFlight = 0;
  let current: RoundTrips = { calls: 0, roundTrips: 0, operations: [] };
  doc.send = async (...args: unknown[]) => {
    const command = args[0] as { constructor: { name: string } };
    current.calls++;
    current.operations.push(command.constructor.name.replace(/Command$/, ''));
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
      current = { calls: 0, roundTrips: 0, operations: [] };
      return result;
    },
    restore() {
      doc.send = original;
    },
  };
}
