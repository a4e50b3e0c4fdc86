/** functions/platform/secrets.ts against a fake Secrets Manager client. */
import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { createSecretReader, parseAppSecret, SecretError } from '../../functions/platform/secrets';

const ARN = 'arn:aws:secretsmanager:eu-north-1:123456789012:secret:peegel-AppSecret-AbCdEf';
const VALUE = {
  livekitApiKey: 'APIabc',
  livekitApiSecret: 'lk-secret-value',
  signingKey: 'sign-me-0123456789',
};

function fakeClient(answers: Array<string | Error | undefined>) {
  const calls: string[] = [];
  return {
    calls,
    async send(command: GetSecretValueCommand) {
      calls.push(command.input.SecretId ?? '');
      const next = answers.length > 1 ? answers.shift() : answers[0];
      if (next instanceof Error) throw next;
      return { SecretString: next };
    },
  };
}

describe('getSecret', () => {
  it('reads the secret once and serves it from memory until the TTL passes', async () => {
    let now = 0;
    const client = fakeClient([JSON.stringify(VALUE)]);
    const read = createSecretReader({ client, ttlMs: 1000, now: () => now });
    expect(await read(ARN)).toEqual(VALUE);
    now = 999;
    await Promise.all([read(ARN), read(ARN)]);
    expect(client.calls).toEqual([ARN]);
    now = 1000;
    await read(ARN);
    expect(client.calls).toEqual([ARN, ARN]);
  });

  it('concurrent first reads share one call', async () => {
    const client = fakeClient([JSON.stringify(VALUE)]);
    const read = createSecretReader({ client });
    await Promise.all([read(ARN), read(ARN), read(ARN)]);
    expect(client.calls).toHaveLength(1);
  });

  it('a failed read is not cached', async () => {
    const client = fakeClient([new Error('throttled'), JSON.stringify(VALUE)]);
    const read = createSecretReader({ client });
    await expect(read(ARN)).rejects.toThrow(SecretError);
    expect(await read(ARN)).toEqual(VALUE);
    expect(client.calls).toHaveLength(2);
  });

  it('names the missing fields (a fresh deployment has only the signing key) without echoing values', async () => {
    const read = createSecretReader({
      client: fakeClient([JSON.stringify({ signingKey: 'sign-me-0123456789' })]),
    });
    const error = await read(ARN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretError);
    expect(String(error)).toMatch(/missing livekitApiKey, livekitApiSecret/);
    expect(String(error)).toContain(ARN);
    expect(String(error)).not.toContain('sign-me');
  });

  it('rejects values that are not a JSON object', () => {
    expect(() => parseAppSecret(ARN, undefined)).toThrow(/no string value/);
    expect(() => parseAppSecret(ARN, 'not json')).toThrow(/not JSON/);
    expect(() => parseAppSecret(ARN, '[1]')).toThrow(/not a JSON object/);
    expect(() => parseAppSecret(ARN, JSON.stringify({ ...VALUE, livekitApiKey: '' }))).toThrow(
      /livekitApiKey/,
    );
  });

  it('does not contact AWS when the module is loaded', async () => {
    // The default reader creates its client on first use; importing the module must be free.
    const mod = await import('../../functions/platform/secrets');
    expect(typeof mod.getSecret).toBe('function');
  });
});
