/**
 * Lambda entry for the HTTP API (API Gateway HTTP API, payload v2). Serves every `/api/*` route,
 * including the LiveKit webhook. Configuration comes from the environment (TABLE_NAME,
 * SECRET_ARN, PUBLIC_URL, LIVEKIT_URL, MAIL_FROM, RETENTION_DAYS); secrets from Secrets Manager.
 */
import { handle } from 'hono/aws-lambda';
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { awsApp } from '../platform/aws';

let handlerPromise: ReturnType<typeof build> | undefined;

const build = () => awsApp().then((app) => handle(app));

export const handler = async (event: LambdaEvent, context: LambdaContext) => {
  handlerPromise ??= build();
  const h = await handlerPromise;
  return h(event, context);
};
