#!/usr/bin/env node
/**
 * Runs a command inside a network namespace whose only interface is loopback, so nothing it
 * starts — the API, the LiveKit server, Chromium's WebRTC — can send a packet off this machine.
 *
 *   node scripts/netns.mjs vitest run
 *
 * As root it uses `unshare --net`; otherwise `unshare --net --map-root-user` (a user namespace,
 * where the kernel allows one). Inside, `lo` is brought up and PEEGEL_NETNS=1 tells the real-media
 * tests they may run.
 *
 * One more interface, still loopback: a veth pair whose two ends both stay in the namespace, with
 * 127.0.0.2 on one end and no IPv6 address. libwebrtc ignores interfaces flagged LOOPBACK, so a
 * WebRTC client other than Chromium (which has --allow-loopback-in-peer-connection), such as
 * @livekit/rtc-node, would find no network at all; on this interface it gathers 127.0.0.2.
 * PEEGEL_NETNS_ALIAS=127.0.0.2 says it exists. Where no namespace can be made, the command runs as it is and those tests
 * skip with a loud message (CI sets PEEGEL_REQUIRE_MEDIA=1, which turns that skip into a failure).
 */
import { spawn, spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: node scripts/netns.mjs <command> [args…]');
  process.exit(2);
}

/** `unshare` flags that work here, or undefined. */
function unshareFlags() {
  if (process.env.PEEGEL_NETNS === '1') return undefined; // already inside one
  if (process.env.PEEGEL_NO_NETNS === '1') return undefined;
  const candidates = process.getuid?.() === 0 ? [['--net'], ['--net', '--map-root-user']] : [['--net', '--map-root-user']];
  for (const flags of candidates) {
    const probe = spawnSync('unshare', [...flags, 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
    if (probe.status === 0) return flags;
  }
  return undefined;
}

function run(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const flags = unshareFlags();
if (process.env.PEEGEL_NETNS === '1') {
  run(args[0], args.slice(1), process.env);
} else if (!flags) {
  console.error(
    '\n!! No loopback-only network namespace could be made here (unshare --net needs root or user ' +
      "namespaces, and the 'ip' command). Tests that use a real LiveKit server will be SKIPPED.\n",
  );
  run(args[0], args.slice(1), process.env);
} else {
  const setup = [
    'ip link set lo up || exit 1',
    'if ip link add peegel0 type veth peer name peegel1 2>/dev/null; then',
    '  ip link set peegel0 addrgenmode none && ip link set peegel1 addrgenmode none &&',
    '  ip addr add 127.0.0.2/32 dev peegel0 && ip link set peegel0 up && ip link set peegel1 up &&',
    '  export PEEGEL_NETNS_ALIAS=127.0.0.2',
    'fi',
    'exec "$@"',
  ].join('\n');
  run('unshare', [...flags, 'sh', '-c', setup, 'netns', ...args], { ...process.env, PEEGEL_NETNS: '1' });
}
