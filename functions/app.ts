/**
 * The one Hono app: every `/api/*` route, one error handler. Local mode and tests build it with
 * their own dependencies (`Deps`); when deployed, each Lambda serves one of its route groups
 * (see `functions/lambda/`). Export `AppType` for the typed client (`hc`).
 */
import { Hono } from 'hono';
import type { AppEnv, Deps } from './config';
import { buildApp } from './app-core';
import { bookingApi } from './booking-api';
import { sessionApi } from './session-api';

const allRoutes = new Hono<AppEnv>().route('/', bookingApi).route('/', sessionApi);

export function createApp(deps: Deps) {
  return buildApp(deps, allRoutes);
}

/** The routes' types as the client sees them (`buildApp` is generic, which hides its routes' schema). */
const apiShape = () => new Hono().route('/api', allRoutes);
export type AppType = ReturnType<typeof apiShape>;
