/**
 * `npm run dev`: the API with reload on change (tsx watch) and the web app with hot module
 * replacement (Vite dev server, which proxies /api to the API). Open http://localhost:5173.
 *
 * The local LiveKit server starts here, once, and outlives the API's reloads: the API gets its
 * address and keys through LIVEKIT_URL / LIVEKIT_API_KEY / LIVEKIT_API_SECRET (so it starts none of
 * its own), and a code change no longer drops everyone's video. With LIVEKIT_URL already set, or
 * no LiveKit server to be had, the API is left to its own choice as in `npm start`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureLiveKitServer } from './livekit-server.mjs';
import { localLiveKitKeys, startLocalLiveKit, type LocalLiveKit } from '../functions/local/livekit-local';

const apiPort = process.env.PORT ?? '8787';
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: apiPort,
  SERVE_WEB: '0',
  PUBLIC_URL: process.env.PUBLIC_URL ?? 'http://localhost:5173',
};

let livekit: LocalLiveKit | undefined;
if (!process.env.LIVEKIT_URL) {
  const found = await ensureLiveKitServer({ build: true }).catch((err: Error) => ({ missing: err.message }));
  if ('missing' in found) {
    console.warn(`\n${found.missing}\n`);
  } else {
    // The same keys and log folder `npm start` uses for this data folder.
    livekit = await startLocalLiveKit({
      bin: found.path,
      keys: localLiveKitKeys(dataDir),
      port: Number(process.env.LIVEKIT_PORT ?? 7880),
      webhookUrl: `http://127.0.0.1:${apiPort}/api/livekit/webhook`,
      dir: join(dataDir, 'livekit'),
    });
    Object.assign(env, {
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      PEEGEL_LIVEKIT_NOTE: `${livekit.url} (local LiveKit server, kept across reloads by npm run dev; log: ${livekit.logFile})`,
    });
  }
}

const children: ChildProcess[] = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'functions/local/server.ts'], { stdio: 'inherit', env }),
  spawn('npx', ['vite', '--config', 'web/vite.config.ts', '--port', '5173', '--strictPort'], { stdio: 'inherit', env }),
];

let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await livekit?.close();
  process.exit(code);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
for (const c of children) c.on('exit', (code) => code && void stop(code));
void livekit?.exited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(
    `\nThe LiveKit server stopped unexpectedly (${signal ?? `exit code ${code}`}); see ${livekit!.logFile}.\n` +
      'Sessions now show "video service unreachable". Stop with Ctrl-C and run npm run dev again.\n',
  );
});
