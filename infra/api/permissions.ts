/**
 * Least-privilege grants for the functions, written out instead of the CDK `grant*` helpers so
 * every action and resource is named (no wildcards for cdk-nag to flag, nothing to acknowledge)
 * and they land in the function's customer-managed policy.
 */
import { Stack, ArnFormat } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { TABLE } from '../../shared/table';

/**
 * The DynamoDB actions the app uses (single-item reads and conditional writes, queries, batches;
 * DescribeTable for start-up checks). No Scan, no table management, no PartiQL.
 */
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;

/**
 * What DynamoDB needs from the caller to use a customer-managed table key (the expanded form of
 * CDK's `kms:ReEncrypt*` / `kms:GenerateDataKey*`), usable only through DynamoDB.
 */
export const TABLE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
] as const;

/** Read and write items of the table and query its indexes, by exact ARN. */
export function grantTableAccess(policy: ManagedPolicy, table: ITableV2, key: IKey): void {
  const stack = Stack.of(table);
  policy.addStatements(
    new PolicyStatement({
      sid: 'PeegelTableItems',
      actions: [...TABLE_ACTIONS],
      resources: [
        table.tableArn,
        ...TABLE.indexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
      ],
    }),
  );
  policy.addStatements(
    new PolicyStatement({
      sid: 'PeegelTableKeyViaDynamoDB',
      actions: [...TABLE_KEY_ACTIONS],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.amazonaws.com` } },
    }),
  );
}

/**
 * Read the named secrets (one statement each, `PeegelRead<name>`) and decrypt them through Secrets
 * Manager. A function gets only the secrets it uses: IAM cannot limit a read to some fields of a
 * secret, so what one function alone may read is a secret of its own. (`secret.grantRead` would
 * put the function's role into the data stack's key policy: a dependency cycle between stacks.)
 *
 * @example
 * grantSecretRead(fn.policy, { AppSecret: data.secret, LiveKitSecret: data.liveKitSecret }, key);
 */
export function grantSecretRead(
  policy: ManagedPolicy,
  secrets: Record<string, ISecret>,
  key: IKey,
): void {
  const entries = Object.entries(secrets);
  if (entries.length === 0) return;
  for (const [name, secret] of entries) {
    policy.addStatements(
      new PolicyStatement({
        sid: `PeegelRead${name}`,
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [secret.secretArn],
      }),
    );
  }
  const stack = Stack.of(entries[0]![1]);
  policy.addStatements(
    new PolicyStatement({
      sid: 'PeegelSecretKeyViaSecretsManager',
      actions: ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` },
      },
    }),
  );
}

/** The ARN of a verified SES identity (a domain or an email address) in the stack's region. */
export function sesIdentityArn(stack: Stack, identity: string): string {
  return stack.formatArn({
    service: 'ses',
    resource: 'identity',
    resourceName: identity,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** `ses:SendEmail` (SES v2 SendEmail, also with attachments) from one identity only. */
export function grantSendEmail(policy: ManagedPolicy, identityArn: string): void {
  policy.addStatements(
    new PolicyStatement({
      sid: 'PeegelSendEmailFromIdentity',
      actions: ['ses:SendEmail'],
      resources: [identityArn],
    }),
  );
}
