/**
 * The real Peegel app, synthesized once (with Lambda bundling) and checked: cdk-nag gate, the
 * table, the functions and their permissions, the HTTP API, the schedule and CloudFront.
 */
import { Validations } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AllowedMethods, CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import type { IConstruct } from 'constructs';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { SourceMap } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_ACTIONS } from '../../infra/api/permissions';
import { REPO_ROOT } from '../../infra/bundling';
import { buildFunctions } from '../../scripts/build-functions';
import { mapPositions } from '../../scripts/map-stack';
import { API_PATH_PATTERN } from '../../infra/stacks/web-stack';
import type { AppFunction } from '../../infra/api/app-function';
import {
  CLIENT_IP_FUNCTION,
  ORIGIN_SECRET_HEADER,
  SPA_REWRITE_FUNCTION,
} from '../../infra/web/edge-functions';
import { TABLE } from '../../shared/table';
import { synthesize, TEST_CONTEXT, type Synthesized } from './synth';

let s: Synthesized;

beforeAll(() => {
  s = synthesize();
});

type Json = Record<string, unknown>;

function resourcesOf(template: Template, type: string): Array<[string, Json]> {
  return Object.entries(template.findResources(type)) as Array<[string, Json]>;
}

function props(resource: Json): Json {
  return resource.Properties as Json;
}

const asArray = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

interface Statement {
  Effect: string;
  Action?: string | string[];
  Resource?: unknown;
  Condition?: Json;
  Sid?: string;
}

/** Every identity-based IAM statement in a template (policies, managed policies, role inline policies). */
function iamStatements(template: Template): Array<{ id: string; statement: Statement }> {
  const out: Array<{ id: string; statement: Statement }> = [];
  const add = (id: string, doc: unknown) => {
    for (const statement of asArray((doc as { Statement?: Statement[] }).Statement)) {
      out.push({ id, statement });
    }
  };
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, r] of resourcesOf(template, type)) add(id, props(r).PolicyDocument);
  }
  for (const [id, r] of resourcesOf(template, 'AWS::IAM::Role')) {
    for (const p of asArray(props(r).Policies as Array<{ PolicyDocument: unknown }>)) {
      add(id, p.PolicyDocument);
    }
  }
  return out;
}

/** The logical id of a construct's CloudFormation resource. */
function logicalId(construct: IConstruct): string {
  const child = construct.node.defaultChild as IConstruct & { logicalId: string };
  return s.stacks.api.resolve(child.logicalId) as string;
}

/** The one secret whose logical id starts with `name`. */
function secretOf(template: Template, name: string): [string, Json] {
  const found = resourcesOf(template, 'AWS::SecretsManager::Secret').filter(([id]) =>
    id.startsWith(name),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The logical id of an app function's managed policy. */
function policyIdOf(fn: AppFunction): string {
  return logicalId(fn.policy);
}

/** Logical ids of the functions that carry an environment (the app's own three). */
function appFunctionIds(): string[] {
  return resourcesOf(s.api, 'AWS::Lambda::Function')
    .filter(([, r]) => props(r).Environment !== undefined)
    .map(([id]) => id);
}

describe('cdk-nag', () => {
  it('synthesizes the whole app with zero unacknowledged AwsSolutions and HIPAA findings', () => {
    // app.synth() in beforeAll would have thrown on any finding; ask the packs directly as well.
    expect(s.stacks.nagPacks.map((p) => p.readPackName).sort()).toEqual([
      'AwsSolutions',
      'HIPAA.Security',
    ]);
    for (const pack of s.stacks.nagPacks) {
      const report = pack.validateScope(s.app);
      expect(
        report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`),
      ).toEqual([]);
      expect(report.success).toBe(true);
    }
  });

  it('every acknowledgement names one rule and gives a one-sentence reason', () => {
    const acks: Array<{ path: string; id: string; reason: string }> = [];
    const visit = (c: IConstruct) => {
      for (const entry of c.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, value] of Object.entries(entry.data as Record<string, unknown>)) {
          const reason =
            typeof value === 'string' ? value : ((value as { reason?: string }).reason ?? '');
          acks.push({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason });
        }
      }
      c.node.children.forEach(visit);
    };
    visit(s.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^(AwsSolutions|HIPAA\.Security)-[A-Za-z0-9]+(\[.+\])?$/);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(30);
      expect(ack.reason, `${ack.path} ${ack.id}`).toMatch(/^[A-Z].*\.$/s);
      // One sentence: no sentence break inside.
      expect(ack.reason.slice(0, -1), `${ack.path} ${ack.id}`).not.toMatch(/[.!?]\s+[A-Z]/);
    }
  });

  it('bundles the functions with the local esbuild, never with Docker', () => {
    expect(s.dockerCalls).toEqual([]);
  });
});

describe('data stack', () => {
  it('has termination protection', () => {
    expect(s.stacks.data.terminationProtection).toBe(true);
    expect(s.assembly.getStackArtifact(s.stacks.data.artifactId).terminationProtection).toBe(true);
  });

  it('the table: keys and index from shared/table.ts, on demand, PITR, TTL, deletion protection, retained', () => {
    const tables = resourcesOf(s.data, 'AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(1);
    const [, table] = tables[0]!;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    const p = props(table);
    expect(p.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    expect(p.GlobalSecondaryIndexes).toEqual(
      TABLE.indexes.map((i) => ({
        IndexName: i.indexName,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: TABLE.ttlAttribute, Enabled: true });
    const replicas = p.Replicas as Json[];
    expect(replicas).toHaveLength(1);
    expect(replicas[0]!.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: true,
    });
    expect(replicas[0]!.DeletionProtectionEnabled).toBe(true);
  });

  it('the table is encrypted with the customer-managed key, which rotates and is retained', () => {
    const [, table] = resourcesOf(s.data, 'AWS::DynamoDB::GlobalTable')[0]!;
    const p = props(table);
    expect(p.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    const keys = resourcesOf(s.data, 'AWS::KMS::Key');
    expect(keys).toHaveLength(1);
    const [keyId, key] = keys[0]!;
    expect(props(key).EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    const replica = (p.Replicas as Json[])[0]!;
    expect(replica.SSESpecification).toEqual({ KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  it('three secrets, each encrypted with the key and holding no value in the template', () => {
    const secrets = resourcesOf(s.data, 'AWS::SecretsManager::Secret');
    expect(secrets.map(([id]) => id.replace(/[A-F0-9]{8}$/, '')).sort()).toEqual([
      'AppSecret',
      'LiveKitSecret',
      'OriginSecret',
    ]);
    const [keyId] = resourcesOf(s.data, 'AWS::KMS::Key')[0]!;
    for (const [id, secret] of secrets) {
      expect(props(secret).KmsKeyId, id).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(props(secret).SecretString, id).toBeUndefined();
    }
  });

  it('the app secret generates only the signing key and is retained', () => {
    const [, secret] = secretOf(s.data, 'AppSecret');
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(props(secret).GenerateSecretString).toMatchObject({
      GenerateStringKey: 'signingKey',
      SecretStringTemplate: '{}',
    });
  });

  it('the LiveKit secret is its own, retained, filled in by the operator', () => {
    const [, secret] = secretOf(s.data, 'LiveKitSecret');
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(JSON.stringify(props(secret))).not.toMatch(/livekitApi(Key|Secret)"\s*:/);
  });

  it('the origin secret is a generated random string of 64 characters', () => {
    const [, secret] = secretOf(s.data, 'OriginSecret');
    expect(props(secret).GenerateSecretString).toEqual({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
  });
});

describe('api stack: functions', () => {
  const functions = () =>
    resourcesOf(s.api, 'AWS::Lambda::Function').map(([id, r]) => ({ id, p: props(r) }));
  const appFunctions = () =>
    functions().filter((f) => (f.p.Environment as Json | undefined) !== undefined);

  it('every function runs Node.js 22 on arm64 with explicit memory and timeout', () => {
    expect(functions()).toHaveLength(3);
    for (const { id, p } of functions()) {
      expect(p.Runtime, id).toBe('nodejs22.x');
      expect(p.Architectures, id).toEqual(['arm64']);
      expect(p.MemorySize, id).toEqual(expect.any(Number));
      expect(p.Timeout, id).toEqual(expect.any(Number));
      expect(p.Handler, id).toBe('index.handler');
    }
  });

  it('every function logs to its own encrypted log group with retention', () => {
    const groups = Object.fromEntries(resourcesOf(s.api, 'AWS::Logs::LogGroup'));
    for (const { id, p } of functions()) {
      const ref = (p.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const group = props(groups[ref]!);
      expect(group.RetentionInDays, id).toBeGreaterThan(0);
      expect(group.KmsKeyId, id).toBeDefined();
    }
  });

  it('the environment carries configuration and the secret ARNs, never a secret value', () => {
    const base = [
      'LIVEKIT_URL',
      'MAIL_FROM',
      'PUBLIC_URL',
      'RETENTION_DAYS',
      'SECRET_ARN',
      'TABLE_NAME',
    ];
    const expected: Record<string, string[]> = {
      [logicalId(s.stacks.api.http.fn)]: [...base, 'ORIGIN_SECRET_ARN'],
      [logicalId(s.stacks.api.sessions.fn)]: [...base, 'LIVEKIT_SECRET_ARN', 'ORIGIN_SECRET_ARN'],
      [logicalId(s.stacks.api.reminders.fn)]: base,
    };
    expect(appFunctions().map((f) => f.id).sort()).toEqual(Object.keys(expected).sort());
    for (const { id, p } of appFunctions()) {
      const env = (p.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(env).sort(), id).toEqual([...expected[id]!].sort());
      for (const [name, secret] of [
        ['LIVEKIT_SECRET_ARN', /LiveKitSecret/],
        ['ORIGIN_SECRET_ARN', /OriginSecret/],
      ] as const) {
        if (env[name] !== undefined) expect(JSON.stringify(env[name]), id).toMatch(secret);
      }
      expect(env.LIVEKIT_URL).toBe(TEST_CONTEXT.livekitUrl);
      expect(env.MAIL_FROM).toBe(TEST_CONTEXT.mailFrom);
      expect(env.PUBLIC_URL).toBe(TEST_CONTEXT.publicUrl);
      expect(env.RETENTION_DAYS).toBe('90');
      // SECRET_ARN and TABLE_NAME are references to the data stack, not literals.
      expect(typeof env.SECRET_ARN).toBe('object');
      expect(typeof env.TABLE_NAME).toBe('object');
      expect(JSON.stringify(env.SECRET_ARN)).toMatch(/AppSecret/);
      for (const [name, value] of Object.entries(env)) {
        const text = JSON.stringify(value);
        expect(text, name).not.toMatch(/resolve:secretsmanager|SecretString|signingKey/i);
        if (typeof value === 'string') {
          // A long run of key-like characters that is not part of a URL or an option.
          expect(value.replace(/^[a-z]+:\/\/\S+$|^--\S+$|^\S+@\S+$/, ''), name).not.toMatch(
            /[A-Za-z0-9+/_=-]{24,}/,
          );
        }
      }
    }
  });

  it('no IAM statement grants * actions or * resources on data (DynamoDB, KMS, Secrets Manager)', () => {
    for (const template of [s.data, s.api, s.web]) {
      for (const { id, statement } of iamStatements(template)) {
        const actions = asArray(statement.Action);
        expect(actions, id).not.toContain('*');
        const data = actions.filter((a) => /^(dynamodb|kms|secretsmanager):/.test(a));
        if (data.length === 0) continue;
        expect(
          data.filter((a) => a.includes('*')),
          id,
        ).toEqual([]);
        expect(asArray(statement.Resource), id).not.toContain('*');
      }
    }
  });

  it('each function may use only this table and its index, the table key via DynamoDB, its own secrets and the mail identity', () => {
    const policies = resourcesOf(s.api, 'AWS::IAM::ManagedPolicy');
    expect(policies).toHaveLength(3);
    expect(resourcesOf(s.api, 'AWS::IAM::Policy')).toHaveLength(0);
    const secretsOf: Record<string, string[]> = {
      [policyIdOf(s.stacks.api.http)]: ['PeegelReadAppSecret', 'PeegelReadOriginSecret'],
      [policyIdOf(s.stacks.api.sessions)]: [
        'PeegelReadAppSecret',
        'PeegelReadLiveKitSecret',
        'PeegelReadOriginSecret',
      ],
      [policyIdOf(s.stacks.api.reminders)]: ['PeegelReadAppSecret'],
    };
    for (const [id, policy] of policies) {
      const statements = ((props(policy).PolicyDocument as Json).Statement as Statement[]).map(
        (st) => ({
          sid: st.Sid,
          actions: asArray(st.Action).sort(),
          resources: JSON.stringify(st.Resource),
          condition: st.Condition,
        }),
      );
      const bySid = Object.fromEntries(statements.map((st) => [st.sid, st]));
      expect(Object.keys(bySid).sort(), id).toEqual(
        [
          ...secretsOf[id]!,
          'PeegelSecretKeyViaSecretsManager',
          'PeegelSendEmailFromIdentity',
          'PeegelTableItems',
          'PeegelTableKeyViaDynamoDB',
          'WriteOwnLogs',
        ].sort(),
      );
      for (const sid of secretsOf[id]!) {
        expect(bySid[sid]!.actions).toEqual([
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
        ]);
        // Exactly the one secret the statement is named after.
        expect(bySid[sid]!.resources).toMatch(new RegExp(sid.replace('PeegelRead', '')));
        expect(JSON.parse(bySid[sid]!.resources)).not.toBeInstanceOf(Array);
      }
      expect(bySid.PeegelTableItems!.actions).toEqual([...TABLE_ACTIONS].sort());
      const tableResources = JSON.parse(bySid.PeegelTableItems!.resources) as unknown[];
      expect(tableResources).toHaveLength(1 + TABLE.indexes.length);
      expect(bySid.PeegelTableItems!.resources).toMatch(/\/index\/gsi1/);
      expect(bySid.PeegelTableKeyViaDynamoDB!.condition).toEqual({
        StringEquals: { 'kms:ViaService': 'dynamodb.eu-north-1.amazonaws.com' },
      });
      expect(bySid.PeegelSecretKeyViaSecretsManager!.condition).toEqual({
        StringEquals: { 'kms:ViaService': 'secretsmanager.eu-north-1.amazonaws.com' },
      });
      expect(bySid.PeegelSendEmailFromIdentity!.actions).toEqual(['ses:SendEmail']);
      expect(bySid.PeegelSendEmailFromIdentity!.resources).toContain(':identity/practice.example');
    }
    // No AWS managed policies on the function roles.
    for (const [id, role] of resourcesOf(s.api, 'AWS::IAM::Role')) {
      expect(props(role).ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it('only the sessions function can read the LiveKit secret', () => {
    const readers = [s.data, s.api, s.web].flatMap((template) =>
      iamStatements(template)
        .filter(({ statement }) => JSON.stringify(statement.Resource ?? '').includes('LiveKit'))
        .map(({ id, statement }) => ({ id, actions: asArray(statement.Action).sort() })),
    );
    expect(readers).toEqual([
      {
        id: policyIdOf(s.stacks.api.sessions),
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      },
    ]);
    // No statement anywhere reaches it by wildcard either.
    for (const template of [s.data, s.api, s.web]) {
      for (const { id, statement } of iamStatements(template)) {
        const actions = asArray(statement.Action);
        if (!actions.some((a) => a.startsWith('secretsmanager:'))) continue;
        expect(JSON.stringify(statement.Resource), id).not.toMatch(/secret:\*|"\*"/);
      }
    }
    // And only the sessions function is told where it is.
    const withArn = appFunctionIds().filter((id) =>
      JSON.stringify(props(s.api.toJSON().Resources[id] as Json)).includes('LIVEKIT_SECRET_ARN'),
    );
    expect(withArn).toEqual([logicalId(s.stacks.api.sessions.fn)]);
  });

  it('every AWS API call in functions/ (outside local mode) is allowed by the function policy', () => {
    const used = awsActionsUsedByFunctions();
    expect(used).toContain('dynamodb:GetItem');
    expect(used).toContain('ses:SendEmail');
    expect(used).toContain('secretsmanager:GetSecretValue');
    for (const [id, policy] of resourcesOf(s.api, 'AWS::IAM::ManagedPolicy')) {
      const statements = (props(policy).PolicyDocument as Json).Statement as Statement[];
      const allowed = statements.flatMap((st) => asArray(st.Action));
      expect(
        used.filter((a) => !allowed.includes(a)),
        id,
      ).toEqual([]);
    }
  });

  it('the bundles are ESM with the require banner, without source maps, and leave @aws-sdk to the runtime', () => {
    for (const name of ['Http', 'Sessions', 'Reminders'] as const) {
      const dir = assetDirOf(name);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(
        code.startsWith("import { createRequire as __peegelCreateRequire } from 'node:module';"),
      ).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*as handler\s*\}/);
      expect(code).toMatch(/from"@aws-sdk\//);
      // Nothing for Node to scan at start-up (see infra/bundling.ts).
      expect(code).not.toContain('sourceMappingURL');
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(false);
    }
  });

  it('scripts/build-functions.ts builds byte-identical bundles to the ones CDK deploys', async () => {
    const built = await buildFunctions(mkdtempSync(join(tmpdir(), 'peegel-fn-')));
    expect(built.map((b) => b.name).sort()).toEqual(['http', 'reminders', 'sessions']);
    for (const b of built) {
      const deployed = readFileSync(
        join(assetDirOf(CONSTRUCT_OF[b.name as keyof typeof CONSTRUCT_OF]), 'index.mjs'),
      );
      expect(readFileSync(b.file).equals(deployed), b.name).toBe(true);
      expect(b.bytes).toBe(deployed.length);
      // With the map for reading stack positions, which the deployed asset leaves out.
      expect(JSON.parse(readFileSync(`${b.file}.map`, 'utf8')).mappings.length, b.name).toBeGreaterThan(0);
    }
    // scripts/map-stack.ts reads a position in a deployed bundle back to its source line.
    const sessions = built.find((b) => b.name === 'sessions')!;
    const code = readFileSync(sessions.file, 'utf8');
    const at = code.search(/["'`]stale_overlay["'`]/) + 1;
    expect(at).toBeGreaterThan(0);
    const before = code.slice(0, at);
    const position = `index.mjs:${before.split('\n').length}:${at - before.lastIndexOf('\n')}`;
    const map = new SourceMap(JSON.parse(readFileSync(`${sessions.file}.map`, 'utf8')));
    expect(mapPositions(map, dirname(sessions.file), `at stale (file:///var/task/${position})`)).toEqual([
      expect.stringMatching(/^index\.mjs:\d+:\d+ → functions\/sessions\/overlay\.ts:\d+:\d+$/),
    ]);
  });
});

describe('api stack: HTTP API and schedule', () => {
  it('routes ANY /api/{proxy+} to the HTTP function and live-session paths to the sessions function', () => {
    s.api.resourceCountIs('AWS::ApiGatewayV2::Route', 4);
    for (const key of ['ANY /api/{proxy+}', 'ANY /api/sessions/{proxy+}', 'ANY /api/livekit/{proxy+}', 'ANY /api/dialogues']) {
      s.api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: key });
    }
    for (const fn of [s.stacks.api.http.fn, s.stacks.api.sessions.fn]) {
      s.api.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [logicalId(fn), 'Arn'] },
      });
    }
  });

  it('the default stage is throttled and writes access logs to an encrypted log group', () => {
    const stages = resourcesOf(s.api, 'AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const p = props(stages[0]![1]);
    expect(p.StageName).toBe('$default');
    expect(p.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: expect.any(Number),
      ThrottlingBurstLimit: expect.any(Number),
    });
    const logs = p.AccessLogSettings as {
      DestinationArn: { 'Fn::GetAtt': [string, string] };
      Format: string;
    };
    const group = props(s.api.toJSON().Resources[logs.DestinationArn['Fn::GetAtt'][0]] as Json);
    expect(group.KmsKeyId).toBeDefined();
    expect(group.RetentionInDays).toBeGreaterThan(0);
    expect(JSON.parse(logs.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
    });
  });

  it('runs the reminder job every 5 minutes without overlapping retries', () => {
    s.api.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(s.stacks.api.reminders.fn), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
  });
});

describe('web stack', () => {
  const distribution = () => {
    const all = resourcesOf(s.web, 'AWS::CloudFront::Distribution');
    expect(all).toHaveLength(1);
    return props(all[0]![1]).DistributionConfig as Json;
  };

  it('the site bucket is private, SSL-only and versioned', () => {
    const buckets = resourcesOf(s.web, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(1);
    const [bucketId, bucket] = buckets[0]!;
    expect(props(bucket).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props(bucket).VersioningConfiguration).toEqual({ Status: 'Enabled' });
    s.web.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
          }),
        ]),
      },
    });
  });

  it('CloudFront reads the bucket through origin access control and serves the SPA without error rewrites', () => {
    const config = distribution();
    const origins = config.Origins as Json[];
    const s3Origin = origins.find((o) => o.S3OriginConfig !== undefined)!;
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.DefaultRootObject).toBe('index.html');
    const def = config.DefaultCacheBehavior as Json;
    expect(def.TargetOriginId).toBe(s3Origin.Id);
    expect(def.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(def.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: expect.anything() },
    ]);
  });

  it('routes /api/* to the HTTP API: same origin, all methods, caching disabled, all viewer headers except Host', () => {
    const config = distribution();
    const behaviors = config.CacheBehaviors as Json[];
    expect(behaviors).toHaveLength(1);
    const api = behaviors[0]!;
    expect(api.PathPattern).toBe(API_PATH_PATTERN);
    expect(api.PathPattern).toBe('/api/*');
    expect(api.CachePolicyId).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
    expect(api.OriginRequestPolicyId).toBe(
      OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    );
    expect([...(api.AllowedMethods as string[])].sort()).toEqual(
      [...AllowedMethods.ALLOW_ALL.methods].sort(),
    );
    expect(api.ViewerProtocolPolicy).toBe('https-only');
    const origin = (config.Origins as Json[]).find((o) => o.Id === api.TargetOriginId)!;
    expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.eu-north-1.');
    expect(origin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(api.ResponseHeadersPolicyId).toEqual(
      (config.DefaultCacheBehavior as Json).ResponseHeadersPolicyId,
    );
  });

  it('CloudFront sends the origin secret to the API only, as a Secrets Manager reference', () => {
    const config = distribution();
    const api = (config.CacheBehaviors as Json[])[0]!;
    const origins = config.Origins as Json[];
    const apiOrigin = origins.find((o) => o.Id === api.TargetOriginId)!;
    const headers = apiOrigin.OriginCustomHeaders as Array<{
      HeaderName: string;
      HeaderValue: unknown;
    }>;
    expect(headers.map((h) => h.HeaderName)).toEqual([ORIGIN_SECRET_HEADER]);
    const value = JSON.stringify(headers[0]!.HeaderValue);
    // Resolved by CloudFormation at deploy time: the template holds a reference, not the value.
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toMatch(/OriginSecret/);
    expect(value).toContain(':SecretString:::}}');
    expect(typeof headers[0]!.HeaderValue).toBe('object');
    for (const o of origins.filter((o) => o.Id !== api.TargetOriginId)) {
      expect(o.OriginCustomHeaders, String(o.Id)).toBeUndefined();
    }
  });

  it('the /api/* behaviour runs the client-address function, the site behaviour the SPA rewrite', () => {
    const fns = resourcesOf(s.web, 'AWS::CloudFront::Function');
    const codeOf = (code: string) => fns.find(([, r]) => props(r).FunctionCode === code)![0];
    // The /api/* behaviour runs the client-address function only — never the SPA rewrite.
    const api = (distribution().CacheBehaviors as Json[])[0]!;
    expect(api.FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': [codeOf(CLIENT_IP_FUNCTION), 'FunctionARN'] },
      },
    ]);
    expect((distribution().DefaultCacheBehavior as Json).FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': [codeOf(SPA_REWRITE_FUNCTION), 'FunctionARN'] },
      },
    ]);
  });

  it('adds the security headers to every response', () => {
    const policies = resourcesOf(s.web, 'AWS::CloudFront::ResponseHeadersPolicy');
    expect(policies).toHaveLength(1);
    const [policyId, policy] = policies[0]!;
    expect((distribution().DefaultCacheBehavior as Json).ResponseHeadersPolicyId).toEqual({
      Ref: policyId,
    });
    const config = props(policy).ResponseHeadersPolicyConfig as Json;
    const security = config.SecurityHeadersConfig as Json;

    const csp = security.ContentSecurityPolicy as {
      ContentSecurityPolicy: string;
      Override: boolean;
    };
    expect(csp.Override).toBe(true);
    const directives = new Map(
      csp.ContentSecurityPolicy.split(';').map((d) => {
        const [name, ...sources] = d.trim().split(/\s+/);
        return [name!, sources] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual([
      "'self'",
      'wss://peegel-test.livekit.cloud',
      'https://peegel-test.livekit.cloud',
    ]);
    for (const [name, sources] of directives) {
      if (name === 'connect-src') continue;
      for (const source of sources) {
        expect(["'self'", "'none'", 'data:', 'blob:'], `${name} ${source}`).toContain(source);
      }
    }

    expect(security.StrictTransportSecurity).toMatchObject({
      IncludeSubdomains: true,
      Override: true,
    });
    expect(
      (security.StrictTransportSecurity as Json).AccessControlMaxAgeSec,
    ).toBeGreaterThanOrEqual(31_536_000);
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.ContentTypeOptions).toEqual({ Override: true });

    const custom = (config.CustomHeadersConfig as Json).Items as Array<{
      Header: string;
      Value: string;
    }>;
    const permissions = custom.find((h) => h.Header === 'Permissions-Policy')!.Value;
    expect(permissions).toContain('camera=(self)');
    expect(permissions).toContain('microphone=(self)');
  });

  it('deploys the built site: hashed assets cached for a year, pages revalidated, cache invalidated', () => {
    const deployments = resourcesOf(s.web, 'Custom::CDKBucketDeployment').map(([, r]) => props(r));
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((d) => JSON.stringify(d.Include ?? '').includes('assets/*'))!;
    const pages = deployments.find(
      (d) => JSON.stringify(d.Exclude ?? '').includes('assets/*') && !d.Include,
    )!;
    expect(assets.Prune).toBe(false);
    expect(JSON.stringify(assets.SystemMetadata)).toContain('immutable');
    expect(pages.Prune).toBe(true);
    expect(JSON.stringify(pages.SystemMetadata)).toContain('no-cache');
    expect(pages.DistributionPaths).toEqual(['/*']);
  });
});

/** The staged asset folder of an api-stack function's code. */
const CONSTRUCT_OF = { http: 'Http', sessions: 'Sessions', reminders: 'Reminders' } as const;

function assetDirOf(constructId: 'Http' | 'Sessions' | 'Reminders'): string {
  const fn = { Http: s.stacks.api.http.fn, Sessions: s.stacks.api.sessions.fn, Reminders: s.stacks.api.reminders.fn }[constructId];
  const code = (s.api.toJSON().Resources[logicalId(fn)] as Json).Properties as {
    Code: { S3Key: unknown };
  };
  const key = JSON.stringify(code.Code.S3Key);
  const hash = /([a-f0-9]{64})\.zip/.exec(key)?.[1];
  if (!hash) throw new Error(`no asset hash in ${key}`);
  return join(s.outdir, `asset.${hash}`);
}

/** AWS actions behind the SDK commands that functions/ sends (local mode and tests excluded). */
function awsActionsUsedByFunctions(): string[] {
  const root = join(REPO_ROOT, 'functions');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (relative(root, path) !== 'local') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        files.push(path);
      }
    }
  };
  walk(root);
  const docCommands: Record<string, string> = {
    Get: 'GetItem',
    Put: 'PutItem',
    Update: 'UpdateItem',
    Delete: 'DeleteItem',
    BatchGet: 'BatchGetItem',
    BatchWrite: 'BatchWriteItem',
    TransactGet: 'TransactGetItems',
    TransactWrite: 'TransactWriteItems',
  };
  const prefixes: Record<string, string> = {
    '@aws-sdk/lib-dynamodb': 'dynamodb',
    '@aws-sdk/client-dynamodb': 'dynamodb',
    '@aws-sdk/client-sesv2': 'ses',
    '@aws-sdk/client-secrets-manager': 'secretsmanager',
  };
  const actions = new Set<string>();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/[^']+)'/g)) {
      const service = prefixes[m[2]!];
      for (const raw of m[1]!.split(',')) {
        const name = raw
          .trim()
          .split(/\s+as\s+/)[0]!
          .replace(/^type\s+/, '');
        if (!name.endsWith('Command') || !new RegExp(`new\\s+${name}\\b`).test(source)) continue;
        if (service === undefined) throw new Error(`${file}: no IAM mapping for ${m[2]}`);
        const op = name.slice(0, -'Command'.length);
        actions.add(
          `${service}:${m[2] === '@aws-sdk/lib-dynamodb' ? (docCommands[op] ?? op) : op}`,
        );
      }
    }
    // Clients loaded on first use: `import('@aws-sdk/…')`, then `new XCommand(…)` in the file.
    for (const m of source.matchAll(/import\(\s*'(@aws-sdk\/[^']+)'\s*\)/g)) {
      const service = prefixes[m[1]!];
      if (service === undefined) throw new Error(`${file}: no IAM mapping for ${m[1]}`);
      for (const c of source.matchAll(/new\s+(\w+)Command\s*\(/g)) actions.add(`${service}:${c[1]}`);
    }
  }
  return [...actions].sort();
}
