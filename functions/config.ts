/** Runtime configuration and the dependencies the app is built from (local mode, Lambda, tests). */
import type { Context } from 'hono';
import type { TableClient } from './db/table-client';
import type { Mailer } from './mail/mailer';
import type { LiveKitRooms } from './livekit/adapter';

export interface Config {
  mode: 'local' | 'aws';
  /** The one origin that serves web app and API, e.g. http://localhost:8787. */
  publicUrl: string;
  livekit: { url: string; apiKey: string; apiSecret: string };
  /** HMAC key for derived invite tokens. */
  signingKey: string;
  /** Days after a session ends before its booking data is deleted. */
  retentionDays: number;
}

export interface Deps {
  table: TableClient;
  mailer: Mailer;
  config: Config;
  livekit: LiveKitRooms;
  now: () => Date;
  /** The caller's address, for rate limits; taken from the platform (socket or API Gateway). */
  clientIp: (c: Context) => string;
  /**
   * Test hook to simulate a crash between two writes: called at named points of multi-write
   * operations; a test makes it throw to stop the operation there.
   */
  crashPoint?: (point: string) => void;
}

export type AppEnv = {
  Variables: {
    deps: Deps;
    therapistId?: string;
    partner?: { bookingId: string; seat: 'A' | 'B'; therapistId?: string };
  };
};

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw ? Number(raw) : NaN;
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
