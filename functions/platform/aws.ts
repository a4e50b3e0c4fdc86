/**
 * Dependencies when deployed: DynamoDB table from TABLE_NAME, SES for email, secrets (LiveKit key
 * and secret, signing key) from Secrets Manager at runtime with a cache — never from env values.
 * Each Lambda entry passes what it needs of LiveKit, so the reminder job does not bundle the SDK.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config, Deps } from '../config';
import { envInt } from '../config';
import { TableClient } from '../db/table-client';
import type { LiveKitRooms } from '../livekit/adapter';
import { SesMailer } from '../mail/mailer';
import { getSecret } from './secrets';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`Missing environment variable ${name}`);
  return v;
}

let depsPromise: Promise<Deps> | undefined;

/** Builds (once per Lambda instance) the dependencies from the environment and the secret. */
export function awsDeps(livekit: (config: Config['livekit']) => LiveKitRooms): Promise<Deps> {
  depsPromise ??= (async () => {
    const secret = await getSecret(required('SECRET_ARN'));
    const config: Config = {
      mode: 'aws',
      publicUrl: required('PUBLIC_URL').replace(/\/$/, ''),
      livekit: { url: required('LIVEKIT_URL'), apiKey: secret.livekitApiKey, apiSecret: secret.livekitApiSecret },
      signingKey: secret.signingKey,
      retentionDays: envInt('RETENTION_DAYS', 90),
    };
    const deps: Deps = {
      table: new TableClient(new DynamoDBClient({}), required('TABLE_NAME')),
      mailer: new SesMailer(required('MAIL_FROM')),
      config,
      livekit: livekit(config.livekit),
      now: () => new Date(),
      clientIp: (c) => {
        // CloudFront puts the viewer's address in this header, overwriting any value the client
        // sent (infra/web: CLIENT_IP_HEADER); API Gateway's sourceIp is CloudFront's own address.
        const viaCdn = c.req.header('x-peegel-client-ip');
        if (viaCdn) return viaCdn;
        const env = c.env as { requestContext?: { http?: { sourceIp?: string } } } | undefined;
        return env?.requestContext?.http?.sourceIp ?? 'unknown';
      },
    };
    return deps;
  })().catch((err) => {
    depsPromise = undefined; // retry on the next invocation
    throw err;
  });
  return depsPromise;
}

/** For jobs that never talk to LiveKit: any use is a programming error. */
export const noLiveKit = (): LiveKitRooms =>
  new Proxy({} as LiveKitRooms, {
    get(_, prop) {
      if (prop === 'then') return undefined;
      throw new Error(`LiveKit is not available in this function (${String(prop)})`);
    },
  });

