/**
 * A Peegel Lambda function: Node.js 22 on arm64, bundled by local esbuild (infra/bundling.ts),
 * its own role whose only policy is a customer-managed one listing exact actions and resources
 * (no AWS managed policies, no inline policies), and its own encrypted log group with retention.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { acknowledge } from '../nag';
import { entryPath, nodejsBundling, REPO_ROOT, type LambdaName } from '../bundling';

export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;
export const FUNCTION_ARCHITECTURE = Architecture.ARM_64;
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;

export interface AppFunctionProps {
  entry: LambdaName;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  /** Encrypts the log group (its key policy must allow CloudWatch Logs). */
  logKey: IKey;
  /** Retries of asynchronous invocations (Lambda's default is 2). */
  retryAttempts?: number;
}

export class AppFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  /** The role's permissions; add to it with `policy.addStatements(…)`. */
  readonly policy: ManagedPolicy;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Peegel ${id} function`,
    });
    this.policy = new ManagedPolicy(this, 'Policy', {
      description: `Peegel ${id} function permissions`,
      roles: [this.role],
      statements: [
        new PolicyStatement({
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
      ],
    });

    this.fn = new NodejsFunction(this, 'Function', {
      entry: entryPath(props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: FUNCTION_RUNTIME,
      architecture: FUNCTION_ARCHITECTURE,
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
      bundling: nodejsBundling(),
      ...(props.retryAttempts !== undefined && { retryAttempts: props.retryAttempts }),
    });

    acknowledge(this.fn, {
      'HIPAA.Security-LambdaInsideVPC':
        'The function talks only to public AWS APIs (DynamoDB, Secrets Manager, SES) and LiveKit over TLS; with no private resources a VPC would add NAT cost and cold-start latency without isolating anything.',
      'AwsSolutions-L1':
        'Node.js 22 is the runtime the project targets (esbuild target node22, supported on Lambda into 2027); moving to Node.js 24 is a deliberate upgrade with the toolchain, not a side effect of deploying.',
      'HIPAA.Security-LambdaConcurrency':
        'Reserved concurrency would fail to deploy on new accounts (concurrency quota 10) and cannot be tuned before real traffic exists; the HTTP API stage throttle bounds the load instead.',
    });
  }
}
