// A smooth open-loop load generator, run in its own process by bench/load.ts: sends one request
// every 1000/rate ms (not in bursts) over keep-alive connections, and prints latency percentiles
// as JSON. Latency counts from the scheduled send time, so a stalled server is not hidden.
import http from 'node:http';

const [url, method, headersJson, body, rateArg, secondsArg] = process.argv.slice(2);
const rate = Number(rateArg);
const total = Math.round(rate * Number(secondsArg));
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const headers = JSON.parse(headersJson);
const target = new URL(url);
const latencies = [];
let errors = 0;
let done = 0;

function fire(scheduled) {
  return new Promise((resolve) => {
    const req = http.request(
      { agent, method, hostname: target.hostname, port: target.port, path: target.pathname + target.search, headers },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - scheduled);
          if (res.statusCode >= 400) errors++;
          resolve();
        });
      },
    );
    req.on('error', () => {
      errors++;
      resolve();
    });
    if (body) req.write(body);
    req.end();
  });
}

const start = performance.now() + 50;
const pending = [];
for (let i = 0; i < total; i++) {
  const at = start + (i * 1000) / rate;
  const wait = at - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  pending.push(fire(at).then(() => done++));
}
await Promise.all(pending);
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(JSON.stringify({ p50: at(0.5), p99: at(0.99), rps: done / elapsed, errors }));
agent.destroy();
