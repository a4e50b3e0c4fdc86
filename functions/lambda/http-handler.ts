/** The shared wrapper of the HTTP Lambda entries (kept out of the reminder job's bundle). */
import type { Hono } from 'hono';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';

/**
 * A Lambda handler for an HTTP app that is built once per instance, on the first request (the
 * secret is read then); a failed build is retried on the next request.
 */
export function httpHandler(build: () => Promise<Hono>) {
  let ready: Promise<ReturnType<typeof handle>> | undefined;
  return async (event: LambdaEvent, context: LambdaContext) => {
    ready ??= build()
      .then((app) => handle(app))
      .catch((err: unknown) => {
        ready = undefined;
        throw err;
      });
    return (await ready)(event, context);
  };
}
