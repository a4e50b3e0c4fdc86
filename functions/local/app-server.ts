/**
 * The whole product on one machine: dynalite with data under DATA_DIR, the table, the API and
 * the built web app on one origin, the local outbox, the reminder job on an interval, and a
 * seeded demo therapist. `npm start` runs it; the end-to-end tests start it in-process.
 */
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApp } from '../app';
import type { Config, Deps } from '../config';
import { TableClient } from '../db/table-client';
import { createLiveKitRooms } from '../livekit/adapter';
import { localLiveKitKeys, startLocalLiveKit, type LocalLiveKit } from './livekit-local';
import { OutboxMailer } from '../mail/mailer';
import { runScheduledJob } from '../reminders/job';
import { LOCAL_TABLE_NAME } from '../../shared/table';
import { connectDynamo, ensureTable, startDynalite } from './table-setup';
import { contentSecurityPolicy, PERMISSIONS_POLICY } from '../../infra/web/security-headers';
import { seedDemo } from './seed';

export interface LocalOptions {
  port?: number;
  /** Where dynalite keeps its files; undefined = in memory. */
  dataDir?: string;
  publicUrl?: string;
  webDir?: string;
  printEmails?: boolean;
  livekit?: Config['livekit'];
  seed?: boolean;
  jobIntervalMs?: number;
  /** Use a DynamoDB-compatible server already running there instead of an in-process dynalite. */
  dynamoEndpoint?: string;
  /**
   * Start a real LiveKit server beside the API (local mode's default when no LIVEKIT_URL is set):
   * keys from `dataDir` (or fresh), webhooks to this API. Ignored when `livekit` is given.
   */
  livekitServer?: { bin: string; port?: number; logDir?: string };
}

export interface LocalServer {
  url: string;
  deps: Deps;
  mailer: OutboxMailer;
  signInLink?: string;
  /** The LiveKit server this process started, if any. */
  livekitServer?: LocalLiveKit;
  close(): Promise<void>;
}

function signingKey(dataDir?: string): string {
  if (!dataDir) return randomBytes(32).toString('base64url');
  const file = join(dataDir, 'signing-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

export async function startLocalServer(o: LocalOptions = {}): Promise<LocalServer> {
  if (o.dataDir) mkdirSync(o.dataDir, { recursive: true });
  const db = o.dynamoEndpoint
    ? connectDynamo(o.dynamoEndpoint)
    : await startDynalite(o.dataDir ? join(o.dataDir, 'dynalite') : undefined);
  await ensureTable(db.client, LOCAL_TABLE_NAME);

  const mailer = new OutboxMailer(o.printEmails ?? false);
  const embedded = !o.livekit && o.livekitServer ? o.livekitServer : undefined;
  const livekitPort = embedded?.port ?? 7880;
  const config: Config = {
    mode: 'local',
    publicUrl: o.publicUrl ?? '',
    livekit:
      o.livekit ??
      (embedded
        ? { url: `ws://127.0.0.1:${livekitPort}`, ...localLiveKitKeys(o.dataDir) }
        : {
            url: process.env.LIVEKIT_URL ?? `ws://127.0.0.1:${livekitPort}`,
            apiKey: process.env.LIVEKIT_API_KEY ?? 'devkey',
            apiSecret: process.env.LIVEKIT_API_SECRET ?? 'secret',
          }),
    signingKey: signingKey(o.dataDir),
    retentionDays: 90,
  };
  const deps: Deps = {
    table: new TableClient(db.client, LOCAL_TABLE_NAME),
    mailer,
    config,
    livekit: createLiveKitRooms(config.livekit),
    now: () => new Date(),
    clientIp: (c) => {
      try {
        return getConnInfo(c).remote.address ?? 'local';
      } catch {
        return 'local';
      }
    },
  };

  const root = new Hono();
  // Requests still running, so `close` can let them finish before the store goes away (a
  // LiveKit webhook can arrive while everything shuts down).
  let inFlight = 0;
  root.use('*', async (_c, next) => {
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  });
  // The same security headers CloudFront adds in production, so a page that breaks the policy
  // breaks here first.
  const csp = contentSecurityPolicy(config.livekit.url);
  root.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', csp);
    c.header('Permissions-Policy', PERMISSIONS_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
  });
  root.route('/', createApp(deps));
  const webDir = o.webDir ?? resolve('dist/web');
  if (existsSync(webDir)) {
    root.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    root.use('*', serveStatic({ root: webDir }));
    // SPA fallback: every other non-API path gets the app shell, read per request so a rebuild
    // of dist/web while the server runs is picked up.
    root.get('*', (c) => c.html(readFileSync(join(webDir, 'index.html'), 'utf8')));
  }

  let server: ServerType;
  try {
    server = await new Promise((res, rej) => {
      const s = serve({ fetch: root.fetch, port: o.port ?? 0, hostname: '127.0.0.1' }, () => res(s));
      s.once('error', rej);
    });
  } catch (err) {
    await db.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${o.port} is already in use: stop the other server or start with PORT=<another port>`);
    }
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  if (!o.publicUrl) config.publicUrl = url;

  let livekitServer: LocalLiveKit | undefined;
  if (embedded) {
    try {
      livekitServer = await startLocalLiveKit({
        bin: embedded.bin,
        keys: config.livekit,
        port: livekitPort,
        webhookUrl: `http://127.0.0.1:${port}/api/livekit/webhook`,
        dir: embedded.logDir ?? (o.dataDir ? join(o.dataDir, 'livekit') : undefined),
      });
    } catch (err) {
      await new Promise<void>((r) => server.close(() => r()));
      await db.close();
      throw err;
    }
  }

  let signInLink: string | undefined;
  if (o.seed ?? true) signInLink = await seedDemo(deps);

  const timer = setInterval(() => {
    runScheduledJob(deps).catch((err) => console.error('scheduled job failed:', (err as Error).message));
  }, o.jobIntervalMs ?? 60_000);
  timer.unref();

  return {
    url,
    deps,
    mailer,
    signInLink,
    livekitServer,
    close: async () => {
      clearInterval(timer);
      await livekitServer?.close();
      await new Promise<void>((r) => server.close(() => r()));
      for (let waited = 0; inFlight > 0 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      await db.close();
    },
  };
}
