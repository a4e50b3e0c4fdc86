/**
 * Stateless compute: the Hono app behind an API Gateway HTTP API (every `/api/*` route including
 * the LiveKit webhook), the reminder job on a 5-minute EventBridge schedule, their roles, log
 * groups and access logs. Safe to destroy and redeploy; all state is in the data stack.
 *
 * Each function reads only the secrets it uses: all three the app secret (signing key), the two
 * HTTP functions the origin secret (requests must come through CloudFront), and only the sessions
 * function the LiveKit secret.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { AppFunction, LOG_RETENTION } from '../api/app-function';
import {
  grantSecretRead,
  grantSendEmail,
  grantTableAccess,
  sesIdentityArn,
} from '../api/permissions';
import type { PeegelConfig } from '../config';
import { acknowledge } from '../nag';

export interface ApiStackProps extends StackProps {
  config: PeegelConfig;
  table: ITableV2;
  key: IKey;
  /** The app secret (invite signing key). */
  secret: ISecret;
  /** LiveKit API key and secret: the sessions function only. */
  liveKitSecret: ISecret;
  /** The value CloudFront sends in its origin header: the HTTP functions. */
  originSecret: ISecret;
  /** The site's origin, e.g. https://peegel.practice.example. */
  publicUrl: string;
}

/** Steady-state requests per second and burst for the whole API (all routes). */
export const API_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;

/** The reminder job's schedule. */
export const REMINDER_RATE = Duration.minutes(5);

export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  /** Host name of the API's execute-api endpoint: CloudFront's origin for `/api/*`. */
  readonly apiHost: string;
  readonly http: AppFunction;
  readonly sessions: AppFunction;
  readonly reminders: AppFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, table, key, secret, liveKitSecret, originSecret } = props;

    const environment = {
      TABLE_NAME: table.tableName,
      SECRET_ARN: secret.secretArn,
      PUBLIC_URL: props.publicUrl,
      LIVEKIT_URL: config.livekitUrl,
      MAIL_FROM: config.mailFrom,
      RETENTION_DAYS: String(config.retentionDays),
    };
    const behindCloudFront = { ORIGIN_SECRET_ARN: originSecret.secretArn };

    this.http = new AppFunction(this, 'Http', {
      entry: 'http',
      description: 'Peegel accounts and booking API (/api/* except live sessions)',
      memorySize: 512,
      // API Gateway gives up after 30 s; answer well before that.
      timeout: Duration.seconds(15),
      environment: { ...environment, ...behindCloudFront },
      logKey: key,
    });
    acknowledge(this.http.fn, {
      'HIPAA.Security-LambdaDLQ':
        'API Gateway invokes this function synchronously and returns its errors to the caller, so a dead-letter queue would never receive anything.',
    });

    this.sessions = new AppFunction(this, 'Sessions', {
      entry: 'sessions',
      description: 'Peegel live sessions (/api/sessions/*, /api/dialogues, LiveKit webhook)',
      memorySize: 512,
      timeout: Duration.seconds(15),
      environment: {
        ...environment,
        ...behindCloudFront,
        LIVEKIT_SECRET_ARN: liveKitSecret.secretArn,
      },
      logKey: key,
    });
    acknowledge(this.sessions.fn, {
      'HIPAA.Security-LambdaDLQ':
        'API Gateway invokes this function synchronously and returns its errors to the caller (LiveKit retries its webhooks), so a dead-letter queue would never receive anything.',
    });

    this.reminders = new AppFunction(this, 'Reminders', {
      entry: 'reminders',
      description: 'Peegel reminder emails, every 5 minutes',
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment,
      logKey: key,
      // The next run 5 minutes later picks up whatever a failed run left; Lambda's own retries
      // would only overlap with it.
      retryAttempts: 0,
    });
    acknowledge(this.reminders.fn, {
      'HIPAA.Security-LambdaDLQ':
        'Each run re-reads pending reminders from the table, so a failed run is redone by the next one 5 minutes later and a dead-letter queue would only hold empty schedule events.',
    });

    const identityArn = sesIdentityArn(this, config.mailIdentity);
    for (const fn of [this.http, this.sessions, this.reminders]) {
      grantTableAccess(fn.policy, table, key);
      grantSendEmail(fn.policy, identityArn);
    }
    grantSecretRead(this.http.policy, { AppSecret: secret, OriginSecret: originSecret }, key);
    grantSecretRead(
      this.sessions.policy,
      { AppSecret: secret, OriginSecret: originSecret, LiveKitSecret: liveKitSecret },
      key,
    );
    grantSecretRead(this.reminders.policy, { AppSecret: secret }, key);

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: LOG_RETENTION,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `Peegel ${config.stage} API, served to browsers through CloudFront at /api/*`,
      createDefaultStage: false,
    });
    this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('App', this.http.fn),
    });
    // Live-session routes go to their own function (it alone bundles the LiveKit SDK); API
    // Gateway prefers these more specific paths over the catch-all above.
    const sessionsIntegration = new HttpLambdaIntegration('Sessions', this.sessions.fn);
    for (const path of ['/api/sessions/{proxy+}', '/api/livekit/{proxy+}', '/api/dialogues']) {
      this.httpApi.addRoutes({ path, methods: [HttpMethod.ANY], integration: sessionsIntegration });
    }
    acknowledge(this.httpApi, {
      'AwsSolutions-APIG4':
        'The app authorizes every route itself (therapist session cookie, partner invite token, LiveKit webhook signature) and public routes such as booking must stay open.',
    });

    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Ids and timings only: no query strings, no headers, no bodies.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            bytes: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    this.apiHost = `${this.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`;

    new Rule(this, 'ReminderSchedule', {
      description: 'Runs the Peegel reminder job',
      schedule: Schedule.rate(REMINDER_RATE),
      targets: [new LambdaFunction(this.reminders.fn, { retryAttempts: 0 })],
    });

    new CfnOutput(this, 'ApiEndpoint', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'HttpFunctionName', { value: this.http.fn.functionName });
    new CfnOutput(this, 'SessionsFunctionName', { value: this.sessions.fn.functionName });
    new CfnOutput(this, 'RemindersFunctionName', { value: this.reminders.fn.functionName });
  }
}
