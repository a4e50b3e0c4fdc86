/**
 * The cdk-nag gate itself: the real app stops synthesizing as soon as a resource breaks a rule
 * without an acknowledgement, and an acknowledgement silences exactly the rule it names.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { acknowledge } from '../../infra/nag';
import { synthesize } from './synth';

interface Report {
  pluginReports: Array<{
    pluginName: string;
    violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }>;
  }>;
}

let error: unknown;
let findings: string[];

beforeAll(() => {
  const outdir = mkdtempSync(join(tmpdir(), 'peegel-cdk-gate-'));
  try {
    synthesize({
      outdir,
      extend: ({ web }) => {
        new Bucket(web, 'UncheckedBucket', { removalPolicy: RemovalPolicy.DESTROY });
        const partly = new Bucket(web, 'PartlyAcknowledged', {
          enforceSSL: true,
          versioned: true,
          removalPolicy: RemovalPolicy.DESTROY,
        });
        acknowledge(partly, {
          'AwsSolutions-S1': 'This bucket exists only to exercise the cdk-nag gate in a test.',
        });
      },
    });
  } catch (e) {
    error = e;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
  findings = report.pluginReports.flatMap((p) =>
    p.violations.flatMap((v) =>
      v.violatingConstructs.map((c) => `${v.ruleName} ${c.constructPath}`),
    ),
  );
});

describe('cdk-nag gate', () => {
  it('an unacknowledged finding makes synthesis throw, naming the rule and the resource', () => {
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/AwsSolutions-S10/);
    expect(String(error)).toMatch(/peegel-test-web\/UncheckedBucket/);
  });

  it('reports AwsSolutions and HIPAA findings for the offending resources only', () => {
    expect(findings).toContain('AwsSolutions-S1 peegel-test-web/UncheckedBucket/Resource');
    expect(findings).toContain('AwsSolutions-S10 peegel-test-web/UncheckedBucket/Resource');
    expect(findings).toContain(
      'HIPAA.Security-S3BucketLoggingEnabled peegel-test-web/UncheckedBucket/Resource',
    );
    expect(findings.filter((f) => !/\/(UncheckedBucket|PartlyAcknowledged)\//.test(f))).toEqual([]);
  });

  it('an acknowledgement silences the rule it names and nothing else', () => {
    expect(findings).not.toContain('AwsSolutions-S1 peegel-test-web/PartlyAcknowledged/Resource');
    expect(findings).toContain(
      'HIPAA.Security-S3BucketLoggingEnabled peegel-test-web/PartlyAcknowledged/Resource',
    );
  });
});
