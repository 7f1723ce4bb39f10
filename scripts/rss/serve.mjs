// Item 5: peak RSS of `mammoseg serve` while three 500 MB uploads arrive at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { peak } from './rss.mjs';
const repo = process.argv[2];
const { encodeWire } = await import(join(repo, 'dist/shared/contract/wire.js'));
const data = mkdtempSync('/tmp/trust-rss-serve-');
const file = new Uint8Array(500e6); // zeros, named .dcm: what a careless upload might be
file.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // a PNG signature, so it reaches a decoder
const body = encodeWire({ projectId: 1, runId: 'r', files: [{ name: 'big.png', data: file }] });
const r = await peak('node', [join(repo, 'bin/mammoseg.js'), 'serve', '--data', data, '--port', '0'], {
  onStart: (child, out) => {
    const wait = setInterval(async () => {
      const m = /Open (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]+)/.exec(out());
      if (!m) return;
      clearInterval(wait);
      const [, origin, token] = m;
      const headers = { origin, authorization: `Bearer ${token}`, 'content-type': 'application/x-mammoseg-wire', 'x-mammoseg-csrf': '1' };
      const t0 = Date.now();
      const statuses = await Promise.all(
        [1, 2, 3].map(() => fetch(`${origin}/api/rpc/importFiles`, { method: 'POST', headers, body }).then((res) => res.status)),
      );
      console.log(`uploads answered ${statuses.join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      child.kill('SIGTERM');
    }, 50);
  },
});
console.log(`serve with three parallel 500 MB uploads: peak RSS ${r.mb} MB, exit ${r.code}`);
rmSync(data, { recursive: true, force: true });
