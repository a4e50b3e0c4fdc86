/** `npm start`: the whole product on http://localhost:$PORT. */
import { resolve } from 'node:path';
import { startLocalServer } from './app-server';

const started = Date.now();
const port = Number(process.env.PORT ?? 8787);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const server = await startLocalServer({
  port,
  dataDir,
  publicUrl: process.env.PUBLIC_URL,
  printEmails: true,
  webDir: process.env.SERVE_WEB === '0' ? '/nonexistent' : undefined,
}).catch((err: Error) => {
  console.error(`\nPeegel could not start: ${err.message}\n`);
  process.exit(1);
});

console.log(`
Peegel is running at ${server.deps.config.publicUrl}   (started in ${Date.now() - started} ms)
  data:        ${dataDir}
  outbox:      ${server.deps.config.publicUrl}/api/dev/outbox
  booking page ${server.deps.config.publicUrl}/book/demo
  LiveKit:     ${server.deps.config.livekit.url} (start one with: livekit-server --dev)

Sign in as the demo therapist (link valid 10 minutes):
  ${server.signInLink}
`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
