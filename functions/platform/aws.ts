/**
 * Dependencies when deployed: DynamoDB table from TABLE_NAME, SES for email, secrets from Secrets
 * Manager at runtime with a cache — never from env values. Each Lambda entry passes what it needs
 * of LiveKit: only the sessions function reads the LiveKit secret (LIVEKIT_SECRET_ARN; its role
 * alone may), so the others neither bundle the SDK nor can read the key.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config, Deps } from '../config';
import { envInt } from '../config';
import { TableClient } from '../db/table-client';
import type { LiveKitRooms } from '../livekit/adapter';
import { SesMailer } from '../mail/mailer';
import { rateLimitKey } from './client-address';
import { cloudFrontOnly, viewerAddress } from './cloudfront-only';
import { getAppSecret, getLiveKitSecret, getOriginSecrets } from './secrets';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`Missing environment variable ${name}`);
  return v;
}

/**
 * The rate-limit key of a deployed request: the viewer address CloudFront passed on (trusted only
 * with the origin secret), else API Gateway's source address; IPv6 by its /64.
 */
export function awsClientIp(c: Context): string {
  const env = c.env as { requestContext?: { http?: { sourceIp?: string } } } | undefined;
  return rateLimitKey(viewerAddress(c) ?? env?.requestContext?.http?.sourceIp ?? 'unknown');
}

/** The HTTP functions' guard: the request must carry CloudFront's origin secret. */
export function cloudFrontGuard(): MiddlewareHandler {
  return cloudFrontOnly(() => getOriginSecrets(required('ORIGIN_SECRET_ARN')));
}

let depsPromise: Promise<Deps> | undefined;

/**
 * Builds (once per Lambda instance) the dependencies from the environment and the secrets.
 * Without `livekit` the function gets no LiveKit credentials and any LiveKit use throws.
 */
export function awsDeps(livekit?: (config: Config['livekit']) => LiveKitRooms): Promise<Deps> {
  depsPromise ??= (async () => {
    const [app, lk] = await Promise.all([
      getAppSecret(required('SECRET_ARN')),
      livekit ? getLiveKitSecret(required('LIVEKIT_SECRET_ARN')) : undefined,
    ]);
    const config: Config = {
      mode: 'aws',
      publicUrl: required('PUBLIC_URL').replace(/\/$/, ''),
      livekit: {
        url: required('LIVEKIT_URL'),
        apiKey: lk?.livekitApiKey ?? '',
        apiSecret: lk?.livekitApiSecret ?? '',
      },
      signingKey: app.signingKey,
      retentionDays: envInt('RETENTION_DAYS', 90),
    };
    const deps: Deps = {
      table: new TableClient(new DynamoDBClient({}), required('TABLE_NAME')),
      mailer: new SesMailer(required('MAIL_FROM')),
      config,
      livekit: livekit ? livekit(config.livekit) : noLiveKit(),
      now: () => new Date(),
      clientIp: awsClientIp,
    };
    return deps;
  })().catch((err) => {
    depsPromise = undefined; // retry on the next invocation
    throw err;
  });
  return depsPromise;
}

/** For functions that never talk to LiveKit: any use is a programming error. */
export const noLiveKit = (): LiveKitRooms =>
  new Proxy({} as LiveKitRooms, {
    get(_, prop) {
      if (prop === 'then') return undefined;
      throw new Error(`LiveKit is not available in this function (${String(prop)})`);
    },
  });
