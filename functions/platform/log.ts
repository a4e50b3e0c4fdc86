/**
 * Structured JSON logs. Fields carry ids and codes only — never names, emails or free text
 * (DESIGN §8). Quiet under tests unless PEEGEL_LOG is set, and with PEEGEL_LOG=off.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

const quiet = () =>
  process.env.PEEGEL_LOG === 'off' || (process.env.VITEST !== undefined && !process.env.PEEGEL_LOG);

function write(level: 'info' | 'warn' | 'error', msg: string, fields: Fields = {}) {
  if (quiet()) return;
  const line = JSON.stringify({ level, msg, ...fields, at: new Date().toISOString() });
  if (level === 'error') console.error(line);
  else console.log(line);
}

export const log = {
  info: (msg: string, fields?: Fields) => write('info', msg, fields),
  warn: (msg: string, fields?: Fields) => write('warn', msg, fields),
  error: (msg: string, fields?: Fields) => write('error', msg, fields),
};
