import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError, conflict, tooMany } from './errors';
import { onError } from './on-error';

function appThrowing(err: Error) {
  const app = new Hono();
  app.onError(onError);
  app.get('/', () => {
    throw err;
  });
  return app;
}

describe('onError', () => {
  it('sends an AppError as {"error": {code, message}} with its extra fields at the top level', async () => {
    const res = await appThrowing(conflict('not_open', 'Not yet', { opensAt: 'x' })).request('/');
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'not_open', message: 'Not yet' }, opensAt: 'x' });
  });

  it('sends details and headers, and never the cause', async () => {
    const cause = new Error('secret SDK detail');
    const err = new AppError(422, 'invalid_request', 'Bad', { details: [{ path: ['a'] }], cause });
    expect(err.cause).toBe(cause);
    const res = await appThrowing(err).request('/');
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message: 'Bad', details: [{ path: ['a'] }] } });
    expect((await appThrowing(tooMany(2.5)).request('/')).headers.get('Retry-After')).toBe('3');
  });
});
