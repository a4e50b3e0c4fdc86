/** functions/platform/secrets.ts against a fake Secrets Manager client. */
import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import {
  createSecretReader,
  getAppSecret,
  getLiveKitSecret,
  getOriginSecrets,
  parseAppSecret,
  parseLiveKitSecret,
  SecretError,
} from '../../functions/platform/secrets';

const ARN = 'arn:aws:secretsmanager:eu-north-1:123456789012:secret:peegel-AppSecret-AbCdEf';
const APP = { signingKey: 'sign-me-0123456789' };
const LIVEKIT = { livekitApiKey: 'APIabc', livekitApiSecret: 'lk-secret-value' };
const ORIGIN = 'o'.repeat(48);

type Answer = string | Error | undefined;

/** Answers in turn (the last one repeats); `byStage` answers a VersionStage instead. */
function fakeClient(answers: Answer[], byStage: Record<string, Answer> = {}) {
  const calls: string[] = [];
  return {
    calls,
    async send(command: GetSecretValueCommand) {
      const stage = command.input.VersionStage;
      calls.push(`${command.input.SecretId ?? ''}${stage ? `@${stage}` : ''}`);
      const next = stage ? byStage[stage] : answers.length > 1 ? answers.shift() : answers[0];
      if (next instanceof Error) throw next;
      return { SecretString: next };
    },
  };
}

const notFound = () =>
  Object.assign(new Error('no such version'), { name: 'ResourceNotFoundException' });

describe('the cached secret reader', () => {
  it('reads a secret once and serves it from memory until the TTL passes', async () => {
    let now = 0;
    const client = fakeClient([JSON.stringify(APP)]);
    const read = createSecretReader({ client, ttlMs: 1000, now: () => now });
    expect(await getAppSecret(ARN, read)).toEqual(APP);
    now = 999;
    await Promise.all([read(ARN), read(ARN)]);
    expect(client.calls).toEqual([ARN]);
    now = 1000;
    await read(ARN);
    expect(client.calls).toEqual([ARN, ARN]);
  });

  it('concurrent first reads share one call', async () => {
    const client = fakeClient([JSON.stringify(APP)]);
    const read = createSecretReader({ client });
    await Promise.all([read(ARN), read(ARN), read(ARN)]);
    expect(client.calls).toHaveLength(1);
  });

  it('a failed read is not cached', async () => {
    const client = fakeClient([new Error('throttled'), JSON.stringify(APP)]);
    const read = createSecretReader({ client });
    await expect(read(ARN)).rejects.toThrow(SecretError);
    expect(await getAppSecret(ARN, read)).toEqual(APP);
    expect(client.calls).toHaveLength(2);
  });

  it('a missing previous version reads as undefined, and that answer is cached', async () => {
    const client = fakeClient([ORIGIN], { AWSPREVIOUS: notFound() });
    const read = createSecretReader({ client });
    expect(await read(ARN, 'AWSPREVIOUS')).toBeUndefined();
    expect(await read(ARN, 'AWSPREVIOUS')).toBeUndefined();
    expect(client.calls).toEqual([`${ARN}@AWSPREVIOUS`]);
    // For the current version, not found is an error.
    const gone = createSecretReader({ client: fakeClient([notFound()]) });
    await expect(gone(ARN)).rejects.toThrow(SecretError);
  });

  it('does not contact AWS when the module is loaded', async () => {
    // The default reader creates its client on first use; importing the module must be free.
    const mod = await import('../../functions/platform/secrets');
    expect(typeof mod.readSecret).toBe('function');
  });
});

describe('the three secrets', () => {
  it('app secret: the signing key only; LiveKit fields are not looked for there', () => {
    expect(parseAppSecret(ARN, JSON.stringify(APP))).toEqual(APP);
    expect(parseAppSecret(ARN, JSON.stringify({ ...APP, ...LIVEKIT }))).toEqual(APP);
    expect(() => parseAppSecret(ARN, '{}')).toThrow(/missing signingKey/);
  });

  it('LiveKit secret: names the missing fields without echoing values', async () => {
    const partial = JSON.stringify({ livekitApiKey: 'APIabc' });
    const read = createSecretReader({ client: fakeClient([partial]) });
    const error = await getLiveKitSecret(ARN, read).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretError);
    expect(String(error)).toMatch(/missing livekitApiSecret/);
    expect(String(error)).toContain(ARN);
    expect(String(error)).not.toContain('APIabc');
    expect(parseLiveKitSecret(ARN, JSON.stringify(LIVEKIT))).toEqual(LIVEKIT);
    // CloudFormation creates it with a random string: the error says what to put there.
    const random = (() => {
      try {
        return parseLiveKitSecret(ARN, 'Zr8y1Xq2');
      } catch (e) {
        return e;
      }
    })();
    expect(String(random)).toMatch(/not JSON.*LiveKit credentials/);
    expect(String(random)).not.toContain('Zr8y1Xq2');
  });

  it('rejects values that are not a JSON object', () => {
    expect(() => parseAppSecret(ARN, undefined)).toThrow(/no string value/);
    expect(() => parseAppSecret(ARN, 'not json')).toThrow(/not JSON/);
    expect(() => parseAppSecret(ARN, '[1]')).toThrow(/not a JSON object/);
    const emptyKey = JSON.stringify({ ...LIVEKIT, livekitApiKey: '' });
    expect(() => parseLiveKitSecret(ARN, emptyKey)).toThrow(/livekitApiKey/);
  });

  it('origin secret: the current value, and the previous one during a rotation', async () => {
    const fresh = createSecretReader({ client: fakeClient([ORIGIN], { AWSPREVIOUS: notFound() }) });
    expect(await getOriginSecrets(ARN, fresh)).toEqual([ORIGIN]);
    const rotated = createSecretReader({
      client: fakeClient(['n'.repeat(48)], { AWSPREVIOUS: ORIGIN }),
    });
    expect(await getOriginSecrets(ARN, rotated)).toEqual(['n'.repeat(48), ORIGIN]);
  });

  it('origin secret: a short value is refused rather than trusted', async () => {
    const weak = createSecretReader({ client: fakeClient(['short'], { AWSPREVIOUS: notFound() }) });
    await expect(getOriginSecrets(ARN, weak)).rejects.toThrow(/at least 32 characters/);
    const weakPrevious = createSecretReader({
      client: fakeClient([ORIGIN], { AWSPREVIOUS: 'x' }),
    });
    expect(await getOriginSecrets(ARN, weakPrevious)).toEqual([ORIGIN]);
  });
});
