/**
 * Deployment configuration, read from CDK context (`cdk.json` or `-c key=value`).
 *
 * Every key has a safe default so `npm run synth` works offline without AWS credentials; the
 * defaults for `livekitUrl` and `mailFrom` are placeholders that must be replaced before a real
 * deployment (the app prints a warning while they are in use).
 *
 * @example
 * npx cdk deploy --all -c stage=prod -c livekitUrl=wss://my-project.livekit.cloud \
 *   -c mailFrom=sessions@practice.example -c domainName=peegel.practice.example \
 *   -c certificateArn=arn:aws:acm:us-east-1:123456789012:certificate/…
 */
import type { Node } from 'constructs';

export interface PeegelConfig {
  /** Deployment name, part of every stack name (`peegel-<stage>-data`). */
  stage: string;
  /** AWS region of all stacks; EU by default for data residency. */
  region: string;
  /** AWS account id; optional, stacks are account-agnostic without it. */
  account?: string;
  /** Custom domain served by CloudFront (needs `certificateArn`). */
  domainName?: string;
  /** ACM certificate for `domainName`; CloudFront requires it in us-east-1. */
  certificateArn?: string;
  /** The one origin of web app and API, e.g. `https://peegel.practice.example`. */
  publicUrl?: string;
  /** LiveKit server URL, `wss://…`. */
  livekitUrl: string;
  /** Sender address of every email. */
  mailFrom: string;
  /** The verified SES identity `mailFrom` is sent from: its domain (default) or the address. */
  mailIdentity: string;
  /** Days after a session ends before its booking data is deleted. */
  retentionDays: number;
  /** Folder with the built web app (`npm run build:web`). */
  webDir: string;
  /**
   * Secrets Manager version id of the origin secret CloudFront sends; set it after a rotation
   * (README "Security"). Unset: the current version at the time of the deployment.
   */
  originSecretVersion?: string;
  /** Context keys still at their placeholder defaults. */
  placeholders: string[];
}

export const DEFAULTS = {
  stage: 'dev',
  region: 'eu-north-1',
  livekitUrl: 'wss://your-project.livekit.cloud',
  mailFrom: 'sessions@example.com',
  retentionDays: 90,
  webDir: 'dist/web',
} as const;

/** The context keys this app reads, for error messages and docs. */
export const CONTEXT_KEYS = [
  'stage',
  'region',
  'account',
  'domainName',
  'certificateArn',
  'publicUrl',
  'livekitUrl',
  'mailFrom',
  'mailIdentity',
  'retentionDays',
  'webDir',
  'originSecretVersion',
] as const;

export class ConfigError extends Error {
  constructor(key: string, message: string) {
    super(`Invalid CDK context "${key}": ${message}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration from a construct node's context (usually the App's). */
export function loadConfig(node: Node): PeegelConfig {
  return parseConfig((key) => node.tryGetContext(key));
}

/** Validates raw context values; `get` returns `undefined` for an unset key. */
export function parseConfig(get: (key: string) => unknown): PeegelConfig {
  const str = (key: (typeof CONTEXT_KEYS)[number]): string | undefined => {
    const value = get(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ConfigError(key, 'expected a string');
    }
    return String(value).trim();
  };
  const placeholders: string[] = [];

  const stage = str('stage') ?? DEFAULTS.stage;
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new ConfigError('stage', `"${stage}" must be 1-20 lowercase letters, digits or dashes`);
  }

  const region = str('region') ?? DEFAULTS.region;
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) {
    throw new ConfigError('region', `"${region}" is not an AWS region name`);
  }

  const account = str('account');
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    throw new ConfigError('account', 'must be a 12-digit AWS account id');
  }

  const domainName = str('domainName')?.toLowerCase();
  const certificateArn = str('certificateArn');
  if (domainName !== undefined) {
    if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainName)) {
      throw new ConfigError('domainName', `"${domainName}" is not a DNS name`);
    }
    if (certificateArn === undefined) {
      throw new ConfigError('certificateArn', 'is required when domainName is set');
    }
  }
  if (certificateArn !== undefined) {
    if (domainName === undefined) {
      throw new ConfigError('domainName', 'is required when certificateArn is set');
    }
    if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
      throw new ConfigError(
        'certificateArn',
        'must be an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from there)',
      );
    }
  }

  let publicUrl = str('publicUrl');
  if (publicUrl !== undefined) {
    const url = parseUrl('publicUrl', publicUrl);
    if (url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash) {
      throw new ConfigError(
        'publicUrl',
        'must be an https origin such as https://d111.cloudfront.net',
      );
    }
    publicUrl = url.origin;
    if (domainName !== undefined && publicUrl !== `https://${domainName}`) {
      throw new ConfigError(
        'publicUrl',
        `conflicts with domainName (expected https://${domainName})`,
      );
    }
  } else if (domainName !== undefined) {
    publicUrl = `https://${domainName}`;
  }

  let livekitUrl = str('livekitUrl');
  if (livekitUrl === undefined) {
    livekitUrl = DEFAULTS.livekitUrl;
    placeholders.push('livekitUrl');
  }
  const livekit = parseUrl('livekitUrl', livekitUrl);
  if (livekit.protocol !== 'wss:' || livekit.pathname !== '/' || livekit.search) {
    throw new ConfigError(
      'livekitUrl',
      'must be a wss:// origin such as wss://my-project.livekit.cloud',
    );
  }
  livekitUrl = `wss://${livekit.host}`;

  let mailFrom = str('mailFrom');
  if (mailFrom === undefined) {
    mailFrom = DEFAULTS.mailFrom;
    placeholders.push('mailFrom');
  }
  if (!/^[^\s@<>"]+@([a-z0-9-]+\.)+[a-z]{2,63}$/i.test(mailFrom)) {
    throw new ConfigError(
      'mailFrom',
      `"${mailFrom}" must be a bare email address (no display name)`,
    );
  }
  const mailDomain = mailFrom.slice(mailFrom.lastIndexOf('@') + 1).toLowerCase();
  const mailIdentity = (str('mailIdentity') ?? mailDomain).toLowerCase();
  if (mailIdentity !== mailDomain && mailIdentity !== mailFrom.toLowerCase()) {
    throw new ConfigError('mailIdentity', `must be "${mailDomain}" or "${mailFrom}"`);
  }

  const retentionRaw = str('retentionDays') ?? String(DEFAULTS.retentionDays);
  const retentionDays = Number(retentionRaw);
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3650) {
    throw new ConfigError('retentionDays', 'must be a whole number of days between 1 and 3650');
  }

  const webDir = str('webDir') ?? DEFAULTS.webDir;

  const originSecretVersion = str('originSecretVersion');
  if (originSecretVersion !== undefined && !/^[A-Za-z0-9-]{32,64}$/.test(originSecretVersion)) {
    throw new ConfigError(
      'originSecretVersion',
      'must be the VersionId that aws secretsmanager put-secret-value printed',
    );
  }

  return {
    stage,
    region,
    ...(account !== undefined && { account }),
    ...(domainName !== undefined && { domainName }),
    ...(certificateArn !== undefined && { certificateArn }),
    ...(publicUrl !== undefined && { publicUrl }),
    livekitUrl,
    mailFrom,
    mailIdentity,
    retentionDays,
    webDir,
    ...(originSecretVersion !== undefined && { originSecretVersion }),
    placeholders,
  };
}

function parseUrl(key: string, value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new ConfigError(key, `"${value}" is not a URL`);
  }
}
