/**
 * The app secret in Secrets Manager (`{"livekitApiKey", "livekitApiSecret", "signingKey"}`),
 * read at runtime and cached in memory — never passed through environment variables.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface AppSecret {
  livekitApiKey: string;
  livekitApiSecret: string;
  signingKey: string;
}

/** The part of the Secrets Manager client this module uses (a fake in tests). */
export interface SecretSource {
  send(command: GetSecretValueCommand): Promise<{ SecretString?: string }>;
}

export interface SecretReaderOptions {
  /** Defaults to a SecretsManagerClient created on first use (no network at module load). */
  client?: SecretSource;
  /** How long a value is reused, in ms. Default 5 minutes. */
  ttlMs?: number;
  now?: () => number;
}

export class SecretError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretError';
  }
}

const FIELDS = ['livekitApiKey', 'livekitApiSecret', 'signingKey'] as const;

/** Checks the secret's JSON and names what is missing, without echoing any value. */
export function parseAppSecret(arn: string, secretString: string | undefined): AppSecret {
  if (secretString === undefined) {
    throw new SecretError(`Secret ${arn} has no string value`);
  }
  let value: unknown;
  try {
    value = JSON.parse(secretString);
  } catch {
    throw new SecretError(`Secret ${arn} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SecretError(`Secret ${arn} is not a JSON object`);
  }
  const record = value as Record<string, unknown>;
  const missing = FIELDS.filter((f) => typeof record[f] !== 'string' || record[f] === '');
  if (missing.length > 0) {
    throw new SecretError(
      `Secret ${arn} is missing ${missing.join(', ')}; put the LiveKit API key and secret into it ` +
        '(docs/DEPLOY.md, "LiveKit credentials")',
    );
  }
  return {
    livekitApiKey: record.livekitApiKey as string,
    livekitApiSecret: record.livekitApiSecret as string,
    signingKey: record.signingKey as string,
  };
}

/**
 * A cached reader: one Secrets Manager call per ARN per TTL, concurrent callers share it, and a
 * failed read is not cached.
 *
 * @example
 * const read = createSecretReader({ ttlMs: 60_000 });
 * const { livekitApiKey } = await read(process.env.SECRET_ARN!);
 */
export function createSecretReader(options: SecretReaderOptions = {}) {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let client = options.client;
  const cache = new Map<string, { value: Promise<AppSecret>; expiresAt: number }>();

  return function read(arn: string): Promise<AppSecret> {
    const hit = cache.get(arn);
    if (hit && hit.expiresAt > now()) return hit.value;

    client ??= new SecretsManagerClient({});
    const source = client;
    const value = (async () => {
      let secretString: string | undefined;
      try {
        const out = await source.send(new GetSecretValueCommand({ SecretId: arn }));
        secretString = out.SecretString;
      } catch (err) {
        throw new SecretError(`Could not read secret ${arn}`, { cause: err });
      }
      return parseAppSecret(arn, secretString);
    })();
    const entry = { value, expiresAt: now() + ttlMs };
    cache.set(arn, entry);
    value.catch(() => {
      if (cache.get(arn) === entry) cache.delete(arn);
    });
    return value;
  };
}

/**
 * Reads the app secret by ARN, cached for 5 minutes.
 *
 * @example
 * const secret = await getSecret(process.env.SECRET_ARN!);
 */
export const getSecret: (arn: string) => Promise<AppSecret> = createSecretReader();
