/**
 * Request validation at the edge with the zod schemas of `shared/schemas.ts`. Malformed JSON → 400,
 * a non-JSON content type → 415, valid JSON with invalid values → 422 with the issues as details.
 * Built on Hono's `validator` so the typed client (`hc`) sees the input types.
 */
import { validator } from 'hono/validator';
import type { $ZodError, $ZodType, output } from 'zod/v4/core';
import { safeParse } from 'zod/v4/core';
import { AppError } from './errors';

function issues(error: $ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
}

export function parseOr422<T extends $ZodType>(schema: T, value: unknown): output<T> {
  const result = safeParse(schema, value);
  if (!result.success) {
    throw new AppError(422, 'invalid_request', 'Some values are not valid', {
      details: issues(result.error),
    });
  }
  return result.data;
}

/** Validates a JSON body. */
export const jsonBody = <T extends $ZodType>(schema: T) =>
  validator('json', (value, c): output<T> => {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/(.+\+)?json\b/i.test(type)) {
      throw new AppError(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json');
    }
    return parseOr422(schema, value);
  });

/** Validates the query string. */
export const queryOf = <T extends $ZodType>(schema: T) =>
  validator('query', (value): output<T> => parseOr422(schema, value));

/** Validates path parameters. */
export const paramsOf = <T extends $ZodType>(schema: T) =>
  validator('param', (value): output<T> => {
    const r = safeParse(schema, value);
    if (!r.success) throw new AppError(404, 'not_found', 'Not found');
    return r.data;
  });
