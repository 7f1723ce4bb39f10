// Peak RSS (VmHWM, Linux) of a command, polled from /proc every 10 ms until it exits.
// The figures of issue 22 (README, Security and privacy): `npm run build`, then
//   node scripts/rss/import.mjs .   node scripts/rss/serve.mjs .   node scripts/rss/pacs.mjs .   node scripts/rss/signals.mjs .
// Each makes its big inputs in /tmp (sparse or streamed) and removes them.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
export function peak(cmd, args, { onStart, env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    let hwm = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) hwm = Math.max(hwm, Number(m[1]));
      } catch {
        // the process has just ended: its last reading stands
      }
    }, 10);
    onStart?.(child, () => out);
    const t0 = Date.now();
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ mb: Math.round(hwm / 1024), code, signal, s: ((Date.now() - t0) / 1000).toFixed(1), out });
    });
  });
}
