/**
 * Dependencies when deployed: DynamoDB table from TABLE_NAME, SES for email, secrets (LiveKit key
 * and secret, signing key) from Secrets Manager at runtime with a cache — never from env values.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createApp } from '../app';
import type { Config, Deps } from '../config';
import { envInt } from '../config';
import { TableClient } from '../db/table-client';
import { createLiveKitRooms } from '../livekit/adapter';
import { SesMailer } from '../mail/mailer';
import { runScheduledJob } from '../reminders/job';
import { getSecret } from './secrets';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`Missing environment variable ${name}`);
  return v;
}

let depsPromise: Promise<Deps> | undefined;

export function awsDeps(): Promise<Deps> {
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
      mailer: new SesMailer(new SESv2Client({}), required('MAIL_FROM')),
      config,
      livekit: createLiveKitRooms(config.livekit),
      now: () => new Date(),
      clientIp: (c) => {
        const event = (c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } } } | undefined)?.event;
        return event?.requestContext?.http?.sourceIp ?? 'unknown';
      },
    };
    return deps;
  })().catch((err) => {
    depsPromise = undefined; // retry on the next invocation
    throw err;
  });
  return depsPromise;
}

export async function awsApp() {
  return createApp(await awsDeps());
}

export async function awsReminderJob() {
  const deps = await awsDeps();
  return () => runScheduledJob(deps);
}
