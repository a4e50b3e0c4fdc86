/** Creates the table in a DynamoDB-compatible server (dynalite) from the shared definition. */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTableInput } from '../../shared/table';

// Local mode runs on Node 20 by design (the dev machines); Lambda runs Node 22. Keep the console
// free of the SDK's notice about future releases needing Node 22 (noted in the README).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  for (let i = 0; i < 100; i++) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Table ${tableName} did not become active`);
}

export interface Dynalite {
  client: DynamoDBClient;
  endpoint: string;
  close(): Promise<void>;
}

function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
    // Reuse connections to the local store (about 20% faster per call than new sockets).
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) },
  });
}

/** A client for a DynamoDB-compatible server someone else runs (e.g. dynalite in its own process). */
export function connectDynamo(endpoint: string): Dynalite {
  const client = localClient(endpoint);
  return { client, endpoint, close: async () => client.destroy() };
}

/** Starts dynalite on a free loopback port; in memory, or on disk under `path`. */
export async function startDynalite(path?: string): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  return {
    client,
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        client.destroy();
        server.close(() => resolve());
      }),
  };
}
