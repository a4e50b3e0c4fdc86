/**
 * Deployment configuration from CDK context: safe defaults, clear errors, and a custom domain
 * end to end (certificate in us-east-1, TLS policy, PUBLIC_URL).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../infra/config';
import { synthesize } from './synth';

const config = (context: Record<string, unknown>) => parseConfig((key) => context[key]);
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7';

describe('config', () => {
  it('without context: dev stage in eu-north-1, placeholders flagged, no public URL yet', () => {
    const c = config({});
    expect(c).toMatchObject({
      stage: 'dev',
      region: 'eu-north-1',
      retentionDays: 90,
      webDir: 'dist/web',
    });
    expect(c.placeholders).toEqual(['livekitUrl', 'mailFrom']);
    expect(c.publicUrl).toBeUndefined();
    expect(c.account).toBeUndefined();
  });

  it('a custom domain sets the public URL and needs a us-east-1 certificate', () => {
    expect(config({ domainName: 'Peegel.Practice.example', certificateArn: CERT }).publicUrl).toBe(
      'https://peegel.practice.example',
    );
    expect(() => config({ domainName: 'peegel.practice.example' })).toThrow(/certificateArn/);
    expect(() => config({ certificateArn: CERT })).toThrow(/domainName/);
    expect(() =>
      config({
        domainName: 'peegel.practice.example',
        certificateArn: CERT.replace('us-east-1', 'eu-north-1'),
      }),
    ).toThrow(/us-east-1/);
    expect(() =>
      config({
        domainName: 'peegel.practice.example',
        certificateArn: CERT,
        publicUrl: 'https://other.example',
      }),
    ).toThrow(ConfigError);
  });

  it('publicUrl must be an https origin and is normalized', () => {
    expect(config({ publicUrl: 'https://d111111abcdef8.cloudfront.net/' }).publicUrl).toBe(
      'https://d111111abcdef8.cloudfront.net',
    );
    expect(() => config({ publicUrl: 'http://d111111abcdef8.cloudfront.net' })).toThrow(
      /https origin/,
    );
    expect(() => config({ publicUrl: 'https://example.com/app' })).toThrow(/https origin/);
  });

  it('livekitUrl must be a wss:// origin', () => {
    expect(config({ livekitUrl: 'wss://my-project.livekit.cloud/' }).livekitUrl).toBe(
      'wss://my-project.livekit.cloud',
    );
    expect(config({ livekitUrl: 'wss://livekit.practice.example:7443' }).livekitUrl).toBe(
      'wss://livekit.practice.example:7443',
    );
    expect(() => config({ livekitUrl: 'ws://localhost:7880' })).toThrow(/wss:\/\//);
    expect(() => config({ livekitUrl: 'https://my-project.livekit.cloud' })).toThrow(/wss:\/\//);
    expect(config({ livekitUrl: 'wss://x.livekit.cloud' }).placeholders).toEqual(['mailFrom']);
  });

  it('mailFrom is a bare address; the SES identity is its domain or the address itself', () => {
    expect(config({ mailFrom: 'sessions@practice.example' }).mailIdentity).toBe('practice.example');
    expect(
      config({ mailFrom: 'sessions@practice.example', mailIdentity: 'sessions@practice.example' })
        .mailIdentity,
    ).toBe('sessions@practice.example');
    expect(() => config({ mailFrom: 'Peegel <sessions@practice.example>' })).toThrow(/bare email/);
    expect(() =>
      config({ mailFrom: 'sessions@practice.example', mailIdentity: 'other.example' }),
    ).toThrow(/mailIdentity/);
  });

  it('numbers and names from -c arrive as strings and are checked', () => {
    expect(config({ retentionDays: '30' }).retentionDays).toBe(30);
    expect(config({ retentionDays: 365 }).retentionDays).toBe(365);
    expect(() => config({ retentionDays: '0' })).toThrow(/retentionDays/);
    expect(() => config({ retentionDays: '1.5' })).toThrow(/retentionDays/);
    expect(() => config({ stage: 'Prod' })).toThrow(/stage/);
    expect(() => config({ region: 'europe' })).toThrow(/region/);
    expect(() => config({ account: '1234' })).toThrow(/account/);
    expect(config({ account: '123456789012', region: 'eu-central-1' })).toMatchObject({
      account: '123456789012',
      region: 'eu-central-1',
    });
  });
});

describe('a deployment with a custom domain and a rotated origin secret', () => {
  const VERSION = 'a1b2c3d4-e5f6-47a8-9b0c-d1e2f3a4b5c6';
  let s: ReturnType<typeof synthesize>;
  beforeAll(() => {
    s = synthesize({
      context: {
        domainName: 'peegel.practice.example',
        certificateArn: CERT,
        publicUrl: undefined,
        originSecretVersion: VERSION,
      },
    });
  });

  it('CloudFront serves the domain with its us-east-1 certificate and TLS 1.2 (2021), and the API knows its URL', () => {
    s.web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['peegel.practice.example'],
        ViewerCertificate: {
          AcmCertificateArn: CERT,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      },
    });
    for (const fn of Object.values(s.api.findResources('AWS::Lambda::Function'))) {
      const env = (fn.Properties as { Environment: { Variables: Record<string, unknown> } })
        .Environment.Variables;
      expect(env.PUBLIC_URL).toBe('https://peegel.practice.example');
    }
    expect(s.stacks.warnings).toEqual([]);
  });

  it('originSecretVersion pins the origin header to that secret version (the rotation step)', () => {
    const text = JSON.stringify(s.web.findResources('AWS::CloudFront::Distribution'));
    expect(text).toContain(`:SecretString:::${VERSION}}}`);
  });
});

describe('originSecretVersion', () => {
  it('is optional and must look like a Secrets Manager version id', () => {
    expect(config({}).originSecretVersion).toBeUndefined();
    const id = 'EXAMPLE1-90ab-cdef-fedc-ba987SECRET1';
    expect(config({ originSecretVersion: id }).originSecretVersion).toBe(id);
    expect(() => config({ originSecretVersion: 'AWSCURRENT' })).toThrow(/originSecretVersion/);
    expect(() => config({ originSecretVersion: '}} {{resolve:ssm:x' })).toThrow(/VersionId/);
  });
});
