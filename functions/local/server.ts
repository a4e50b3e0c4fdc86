/**
 * `npm start`: the whole product on http://localhost:$PORT — and, with no LIVEKIT_URL set, a
 * real LiveKit server beside it on 127.0.0.1 (found, or built once with Go; see
 * scripts/livekit-server.mjs).
 */
import { resolve } from 'node:path';

import { ensureLiveKitServer } from '../../scripts/livekit-server.mjs';
import { startLocalServer, type LocalOptions } from './app-server';
import { envInt } from '../config';

const started = Date.now();
const port = Number(process.env.PORT ?? 8787);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');

let livekitServer: LocalOptions['livekitServer'];
let videoNote = '';
if (process.env.LIVEKIT_URL) {
  if (!process.env.LIVEKIT_API_KEY || !process.env.LIVEKIT_API_SECRET) {
    console.error('\nLIVEKIT_URL is set: set LIVEKIT_API_KEY and LIVEKIT_API_SECRET for that server too.\n');
    process.exit(1);
  }
  // `npm run dev` runs the local server itself, across the API's reloads, and says so.
  videoNote = process.env.PEEGEL_LIVEKIT_NOTE ?? `${process.env.LIVEKIT_URL} (your server; none started here)`;
} else {
  const found = await ensureLiveKitServer({ build: true }).catch((err: Error) => ({ missing: err.message }));
  if ('missing' in found) {
    console.warn(`\n${found.missing}\n`);
    videoNote = 'not running (see above) — sessions show "video service unreachable"';
  } else {
    livekitServer = { bin: found.path, port: envInt('LIVEKIT_PORT', 7880) };
  }
}

const server = await startLocalServer({
  port,
  dataDir,
  publicUrl: process.env.PUBLIC_URL,
  printEmails: true,
  webDir: process.env.SERVE_WEB === '0' ? '/nonexistent' : undefined,
  livekitServer,
}).catch((err: Error) => {
  console.error(`\nPeegel could not start: ${err.message}\n`);
  process.exit(1);
});

const lk = server.livekitServer;
if (lk) videoNote = `${lk.url} (local LiveKit server, loopback only; log: ${lk.logFile})`;

console.log(`
Peegel is running at ${server.deps.config.publicUrl}   (started in ${Date.now() - started} ms)
  data:        ${dataDir}
  outbox:      ${server.deps.config.publicUrl}/api/dev/outbox
  booking page ${server.deps.config.publicUrl}/book/demo
  video:       ${videoNote}

Sign in as the demo therapist (link valid 10 minutes):
  ${server.signInLink}
`);

let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(code);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
// Never leave the LiveKit server running behind a crashed API.
process.on('exit', () => lk?.process.kill('SIGTERM'));
void lk?.exited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(
    `\nThe LiveKit server stopped unexpectedly (${signal ?? `exit code ${code}`}); see ${lk.logFile}.\n` +
      'Sessions now show "video service unreachable". Stop with Ctrl-C and run npm start again.\n',
  );
});
