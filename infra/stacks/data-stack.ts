/**
 * Stateful resources, kept when anything else is torn down:
 * - the one DynamoDB table (deletion protection, point-in-time recovery, TTL on `expiresAt`);
 * - the customer-managed KMS key that encrypts it, the app secret and the api's log groups;
 * - the app secret: LiveKit API key/secret (put in by the operator) and the generated signing
 *   key. It lives here, not with the functions, because invite links are derived from the
 *   signing key: a new key would silently invalidate every link already emailed.
 * All three are retained on stack deletion and the stack has termination protection.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLE } from '../../shared/table';
import type { PeegelConfig } from '../config';
import { acknowledge } from '../nag';

export interface DataStackProps extends StackProps {
  config: PeegelConfig;
}

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

export class DataStack extends Stack {
  readonly table: TableV2;
  readonly key: Key;
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { terminationProtection: true, ...props });

    this.key = new Key(this, 'DataKey', {
      description: `Peegel ${props.config.stage}: table, app secret and log groups`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    // CloudWatch Logs encrypts the api stack's log groups with this key; the condition limits it
    // to log groups of this account and region.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt*',
          'kms:Decrypt*',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:Describe*',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );

    this.table = new TableV2(this, 'Table', {
      partitionKey: stringKey(TABLE.partitionKey),
      sortKey: stringKey(TABLE.sortKey),
      globalSecondaryIndexes: TABLE.indexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: ProjectionType.ALL,
      })),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // `{"livekitApiKey", "livekitApiSecret", "signingKey"}`; CloudFormation generates the signing
    // key once, the operator adds the LiveKit values (docs/DEPLOY.md). Changing
    // `generateSecretString` would replace the secret and with it the signing key.
    this.secret = new Secret(this, 'AppSecret', {
      description: `Peegel ${props.config.stage}: LiveKit API key and secret, invite signing key`,
      encryptionKey: this.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'signingKey',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.secret, {
      'AwsSolutions-SMG4':
        'The LiveKit key pair is issued and rotated in LiveKit, and rotating the signing key would invalidate every invite link already sent, so there is no automatic rotation.',
      'HIPAA.Security-SecretsManagerRotationEnabled':
        'The LiveKit key pair is issued and rotated in LiveKit, and rotating the signing key would invalidate every invite link already sent, so there is no automatic rotation.',
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'SecretArn', { value: this.secret.secretArn });
  }
}
