/**
 * The deployed code, run: the Lambda bundles exactly as CDK ships them, invoked with API Gateway
 * HTTP API (v2) events. DynamoDB is dynalite; Secrets Manager and SES are small local stand-ins
 * reached through the AWS SDK's own endpoint settings (AWS_ENDPOINT_URL_<SERVICE>). Nothing here
 * reaches AWS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctions, type BuiltFunction } from '../../scripts/build-functions';
import { REPO_ROOT } from '../../infra/bundling';
import { ensureTable, startDynalite, type Dynalite } from '../../functions/local/table-setup';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string; headers?: Record<string, string>; cookies?: string[] }>;

let outDir: string;
let built: BuiltFunction[];
let db: Dynalite;
let fakeAws: Server;
const sentEmails: { to: string[]; subject: string; text: string }[] = [];
const handlers: Record<string, Handler> = {};

const SECRET_ARN = 'arn:aws:secretsmanager:eu-north-1:123456789012:secret:peegel-AbCdEf';
const LIVEKIT_SECRET_ARN = 'arn:aws:secretsmanager:eu-north-1:123456789012:secret:peegel-LiveKit-AbCdEf';
const ORIGIN_SECRET_ARN = 'arn:aws:secretsmanager:eu-north-1:123456789012:secret:peegel-Origin-AbCdEf';
const ORIGIN_SECRET = 'origin-secret-current-0123456789abcdef0123456789abcdef';
const ORIGIN_SECRET_PREVIOUS = 'origin-secret-previous-0123456789abcdef0123456789abcdef';
/** Secret values by ARN, and `<arn>@AWSPREVIOUS` for previous versions. */
const secretValues: Record<string, string> = {
  [SECRET_ARN]: JSON.stringify({ signingKey: 'lambda-test-signing-key' }),
  [LIVEKIT_SECRET_ARN]: JSON.stringify({ livekitApiKey: 'devkey', livekitApiSecret: 'lambda-test-secret-lambda-test-secret' }),
  [ORIGIN_SECRET_ARN]: ORIGIN_SECRET,
  [`${ORIGIN_SECRET_ARN}@AWSPREVIOUS`]: ORIGIN_SECRET_PREVIOUS,
};
/** Every GetSecretValue call: `<arn>` or `<arn>@<stage>`. */
const secretReads: string[] = [];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  // Inside the repository, so the bundles resolve @aws-sdk/* from node_modules as the runtime would.
  outDir = mkdtempSync(join(REPO_ROOT, 'dist', 'lambda-test-'));
  built = await buildFunctions(outDir);

  db = await startDynalite();
  await ensureTable(db.client, 'peegel-lambda-test');

  fakeAws = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.headers['x-amz-target'] === 'secretsmanager.GetSecretValue') {
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        const input = JSON.parse(body) as { SecretId: string; VersionStage?: string };
        const key = input.VersionStage ? `${input.SecretId}@${input.VersionStage}` : input.SecretId;
        secretReads.push(key);
        const value = secretValues[key];
        if (value === undefined) {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: `no ${key}` }));
          return;
        }
        res.end(JSON.stringify({ ARN: input.SecretId, Name: 'peegel', SecretString: value }));
        return;
      }
      if (req.url === '/v2/email/outbound-emails') {
        const msg = JSON.parse(body) as { Destination: { ToAddresses: string[] }; Content: { Simple: { Subject: { Data: string }; Body: { Text: { Data: string } } } } };
        sentEmails.push({ to: msg.Destination.ToAddresses, subject: msg.Content.Simple.Subject.Data, text: msg.Content.Simple.Body.Text.Data });
        res.end(JSON.stringify({ MessageId: `m-${sentEmails.length}` }));
        return;
      }
      res.statusCode = 400;
      res.end(JSON.stringify({ message: `unexpected ${req.method} ${req.url}` }));
    });
  });
  const awsUrl = await listen(fakeAws);

  Object.assign(process.env, {
    TABLE_NAME: 'peegel-lambda-test',
    SECRET_ARN,
    LIVEKIT_SECRET_ARN,
    ORIGIN_SECRET_ARN,
    PUBLIC_URL: 'https://peegel.example',
    LIVEKIT_URL: 'wss://peegel.livekit.example',
    MAIL_FROM: 'sessions@peegel.example',
    RETENTION_DAYS: '30',
    AWS_REGION: 'eu-north-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: awsUrl,
    AWS_ENDPOINT_URL_SESV2: awsUrl,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  for (const b of built) {
    handlers[b.name] = ((await import(pathToFileURL(b.file).href)) as { handler: Handler }).handler;
  }
}, 120_000);

afterAll(async () => {
  await new Promise<void>((r) => (fakeAws ? fakeAws.close(() => r()) : r()));
  await db?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/**
 * An API Gateway HTTP API (payload 2.0) event, as CloudFront → API Gateway delivers it (with the
 * origin secret; `originSecret: null` for a request sent straight to the execute-api endpoint).
 */
function event(
  method: string,
  path: string,
  o: { body?: unknown; cookies?: string[]; query?: string; originSecret?: string | null } = {},
) {
  return {
    version: '2.0',
    routeKey: 'ANY /api/{proxy+}',
    rawPath: path,
    rawQueryString: o.query ?? '',
    cookies: o.cookies,
    headers: {
      host: 'abc123.execute-api.eu-north-1.amazonaws.com',
      'x-peegel-client-ip': '198.51.100.20',
      ...(o.originSecret !== null && { 'x-peegel-origin-secret': o.originSecret ?? ORIGIN_SECRET }),
      origin: 'https://peegel.example',
      ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-north-1.amazonaws.com',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: 'test' },
      requestId: `r-${Math.random()}`,
      routeKey: 'ANY /api/{proxy+}',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
    isBase64Encoded: false,
  };
}

const context = { functionName: 'test', awsRequestId: 'x', getRemainingTimeInMillis: () => 10_000 };

describe('the built Lambda bundles, invoked like API Gateway does', () => {
  let cookie = '';

  // The first two tests are each function's first invocation: what they read is all they read.
  for (const [name, own] of [
    ['http', [SECRET_ARN, ORIGIN_SECRET_ARN, `${ORIGIN_SECRET_ARN}@AWSPREVIOUS`]],
    ['sessions', [SECRET_ARN, LIVEKIT_SECRET_ARN, ORIGIN_SECRET_ARN, `${ORIGIN_SECRET_ARN}@AWSPREVIOUS`]],
  ] as const) {
    it(`${name}: refuses requests sent around CloudFront, and reads only its own secrets`, async () => {
      secretReads.length = 0;
      for (const originSecret of [null, 'guessed', ORIGIN_SECRET.slice(0, -1)]) {
        const body = { email: 'around@example.com' };
        const res = await handlers[name]!(event('POST', '/api/auth/email', { body, originSecret }), context);
        expect(res.statusCode, `${name} ${originSecret}`).toBe(403);
        expect(JSON.parse(res.body).error.code).toBe('forbidden');
      }
      const around = await handlers[name]!(event('GET', '/api/dialogues', { originSecret: null }), context);
      expect(around.statusCode).toBe(403);
      expect(sentEmails).toEqual([]);
      // Through CloudFront, with the current or (during a rotation) the previous value.
      for (const originSecret of [ORIGIN_SECRET, ORIGIN_SECRET_PREVIOUS]) {
        const res = await handlers[name]!(event('GET', '/api/dialogues', { originSecret }), context);
        expect(res.statusCode).toBe(name === 'sessions' ? 200 : 404);
      }
      expect([...new Set(secretReads)].sort()).toEqual([...own].sort());
    });
  }

  it('http: sign-in email goes out through SES with an https link, and the link signs in', async () => {
    const res = await handlers.http!(event('POST', '/api/auth/email', { body: { email: 'lambda@example.com', locale: 'en' } }), context);
    expect(res.statusCode).toBe(202);
    const mail = sentEmails.at(-1)!;
    expect(mail.to).toEqual(['lambda@example.com']);
    const link = /https:\/\/peegel\.example\/signin\/verify#token=([\w-]+)/.exec(mail.text);
    expect(link).not.toBeNull();

    const verify = await handlers.http!(event('POST', '/api/auth/verify', { body: { token: link![1] } }), context);
    expect(verify.statusCode).toBe(200);
    const setCookie = [...(verify.cookies ?? []), verify.headers?.['set-cookie'] ?? ''].find((c) => c.includes('peegel_session'))!;
    expect(setCookie).toMatch(/^__Host-peegel_session=.*Secure/);
    cookie = setCookie.split(';')[0]!;

    const me = await handlers.http!(event('GET', '/api/me', { cookies: [cookie] }), context);
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(me.body).therapist).toMatchObject({ email: 'lambda@example.com', publicUrl: expect.stringMatching(/^https:\/\/peegel\.example\/book\//) });
  });

  it('http: bad input is a clear 4xx, an unknown route a 404, a foreign Origin a 403', async () => {
    const bad = await handlers.http!(event('POST', '/api/auth/email', { body: { email: 'nope' } }), context);
    expect(bad.statusCode).toBe(422);
    expect(JSON.parse(bad.body).error.code).toBe('invalid_request');
    expect((await handlers.http!(event('GET', '/api/nothing-here'), context)).statusCode).toBe(404);
    const foreign = event('POST', '/api/auth/email', { body: { email: 'a@b.ee' } });
    foreign.headers.origin = 'https://evil.example';
    expect((await handlers.http!(foreign, context)).statusCode).toBe(403);
    expect((await handlers.http!(event('GET', '/api/dev/outbox'), context)).statusCode).toBe(404);
  });

  it('sessions: serves the dialogue deck; the accounts function does not', async () => {
    const res = await handlers.sessions!(event('GET', '/api/dialogues', { query: 'locale=et' }), context);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Kui see juhtub, siis tunnen ma');
    expect((await handlers.http!(event('GET', '/api/dialogues'), context)).statusCode).toBe(404);
  });

  it('sessions: a LiveKit webhook without a valid signature is refused', async () => {
    const res = await handlers.sessions!(event('POST', '/api/livekit/webhook', { body: { event: 'room_finished' } }), context);
    expect(res.statusCode).toBe(401);
  });

  it('reminders: the scheduled job runs against the table, reading only the app secret', async () => {
    secretReads.length = 0;
    const result = (await (handlers.reminders as unknown as () => Promise<unknown>)()) as { sent: number };
    expect(result).toMatchObject({ sent: 0, skipped: 0, settled: 0 });
    expect(secretReads).toEqual([SECRET_ARN]);
  });
});
