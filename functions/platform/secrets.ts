/**
 * The secrets in Secrets Manager, read at runtime and cached in memory — never passed through
 * environment variables. Three secrets, so each function's role can read only what it needs:
 *
 * - the app secret `{"signingKey"}` (SECRET_ARN): every function; invite links derive from it;
 * - the LiveKit secret `{"livekitApiKey", "livekitApiSecret"}` (LIVEKIT_SECRET_ARN): only the
 *   sessions function;
 * - the origin secret, a plain string (ORIGIN_SECRET_ARN): the HTTP functions, to check that a
 *   request came through CloudFront (see `cloudfront-only.ts`). Its previous version stays valid
 *   while a rotation reaches CloudFront.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface AppSecret {
  signingKey: string;
}

export interface LiveKitSecret {
  livekitApiKey: string;
  livekitApiSecret: string;
}

/** Which version of a secret: the current one, or the one a rotation replaced. */
export type SecretStage = 'AWSCURRENT' | 'AWSPREVIOUS';

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

const SETUP = 'see the README, "LiveKit credentials"';

function parseObject(arn: string, secretString: string | undefined): Record<string, unknown> {
  if (secretString === undefined) {
    throw new SecretError(`Secret ${arn} has no string value`);
  }
  let value: unknown;
  try {
    value = JSON.parse(secretString);
  } catch {
    throw new SecretError(`Secret ${arn} is not JSON (${SETUP})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SecretError(`Secret ${arn} is not a JSON object (${SETUP})`);
  }
  return value as Record<string, unknown>;
}

function requireFields<F extends string>(
  arn: string,
  record: Record<string, unknown>,
  fields: readonly F[],
  hint: string,
): Record<F, string> {
  const missing = fields.filter((f) => typeof record[f] !== 'string' || record[f] === '');
  if (missing.length > 0) {
    throw new SecretError(`Secret ${arn} is missing ${missing.join(', ')}; ${hint}`);
  }
  return Object.fromEntries(fields.map((f) => [f, record[f]])) as Record<F, string>;
}

/** Checks the app secret's JSON and names what is missing, without echoing any value. */
export function parseAppSecret(arn: string, secretString: string | undefined): AppSecret {
  const record = parseObject(arn, secretString);
  return requireFields(arn, record, ['signingKey'], 'CloudFormation generates it on creation');
}

/** Checks the LiveKit secret's JSON and names what is missing, without echoing any value. */
export function parseLiveKitSecret(arn: string, secretString: string | undefined): LiveKitSecret {
  const record = parseObject(arn, secretString);
  return requireFields(
    arn,
    record,
    ['livekitApiKey', 'livekitApiSecret'],
    `put the LiveKit API key and secret into it (${SETUP})`,
  );
}

const isNotFound = (err: unknown) =>
  (err as { name?: string }).name === 'ResourceNotFoundException';

/**
 * A cached reader of secret strings: one Secrets Manager call per (ARN, stage) per TTL,
 * concurrent callers share it, a failed read is not cached. A missing `AWSPREVIOUS` version (a
 * secret never rotated) reads as `undefined`, and that answer is cached like a value.
 *
 * @example
 * const read = createSecretReader({ ttlMs: 60_000 });
 * const { signingKey } = parseAppSecret(arn, await read(arn));
 */
export function createSecretReader(options: SecretReaderOptions = {}) {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let client = options.client;
  const cache = new Map<string, { value: Promise<string | undefined>; expiresAt: number }>();

  return function read(
    arn: string,
    stage: SecretStage = 'AWSCURRENT',
  ): Promise<string | undefined> {
    const key = `${arn}\u0000${stage}`;
    const hit = cache.get(key);
    if (hit && hit.expiresAt > now()) return hit.value;

    client ??= new SecretsManagerClient({});
    const source = client;
    const value = (async () => {
      try {
        const out = await source.send(
          new GetSecretValueCommand({
            SecretId: arn,
            ...(stage !== 'AWSCURRENT' && { VersionStage: stage }),
          }),
        );
        return out.SecretString;
      } catch (err) {
        if (stage === 'AWSPREVIOUS' && isNotFound(err)) return undefined;
        throw new SecretError(`Could not read secret ${arn} (${stage})`, { cause: err });
      }
    })();
    const entry = { value, expiresAt: now() + ttlMs };
    cache.set(key, entry);
    value.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    return value;
  };
}

export type SecretReader = ReturnType<typeof createSecretReader>;

/** The process-wide reader (5-minute cache). */
export const readSecret: SecretReader = createSecretReader();

/**
 * Reads the app secret by ARN.
 *
 * @example
 * const { signingKey } = await getAppSecret(process.env.SECRET_ARN!);
 */
export async function getAppSecret(arn: string, read: SecretReader = readSecret) {
  return parseAppSecret(arn, await read(arn));
}

/**
 * Reads the LiveKit secret by ARN (only the sessions function may).
 *
 * @example
 * const { livekitApiSecret } = await getLiveKitSecret(process.env.LIVEKIT_SECRET_ARN!);
 */
export async function getLiveKitSecret(arn: string, read: SecretReader = readSecret) {
  return parseLiveKitSecret(arn, await read(arn));
}

/**
 * The origin secret values a request may present: the current one, and the previous one while
 * a rotation is on its way to CloudFront.
 *
 * @example
 * const accepted = await getOriginSecrets(process.env.ORIGIN_SECRET_ARN!); // ['…', '…']
 */
export async function getOriginSecrets(
  arn: string,
  read: SecretReader = readSecret,
): Promise<string[]> {
  const [current, previous] = await Promise.all([read(arn), read(arn, 'AWSPREVIOUS')]);
  if (current === undefined || current.length < MIN_ORIGIN_SECRET_LENGTH) {
    const min = MIN_ORIGIN_SECRET_LENGTH;
    throw new SecretError(`Secret ${arn} must hold at least ${min} characters (see the README)`);
  }
  const usable = previous !== undefined && previous.length >= MIN_ORIGIN_SECRET_LENGTH;
  return usable && previous !== current ? [current, previous] : [current];
}

/** Shorter origin secrets are refused: guessing one would open the API around CloudFront. */
export const MIN_ORIGIN_SECRET_LENGTH = 32;
