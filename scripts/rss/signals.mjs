// Item 9: peak RSS of `mammoseg export` ended by SIGTERM, SIGHUP and SIGKILL mid-export, and what is left.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { peak } from './rss.mjs';
const repo = process.argv[2];
const { openCore } = await import(join(repo, 'dist/app/core/core.js'));
const data = mkdtempSync('/tmp/trust-rss-sig-');
const core = openCore({ dataDir: data, clientPaths: 'allowed' });
const S = 1200;
const pgm = (seed) => {
  const h = Buffer.from(`P5\n${S} ${S}\n255\n`);
  const b = Buffer.alloc(S * S);
  for (let i = 0; i < b.length; i++) b[i] = (i * 7 + seed) & 255;
  return Buffer.concat([h, b]);
};
const labels = new Uint8Array(S * S).map((_, i) => (i % 7 === 0 ? 1 : 0));
for (let i = 0; i < 40; i++) {
  const o = await core.importer.importOne(core.defaultProject.id, `Doe_Jane_${i}_LCC.pgm`, pgm(i), null);
  core.masks.saveLabels(o.summary.id, labels, 'ada', 'user');
  core.reviewRepository.setState(o.summary.id, 'accepted', null, 'ada');
}
core.close();
const parent = mkdtempSync('/tmp/trust-rss-out-');
const exportArgs = [join(repo, 'bin/mammoseg.js'), 'export', '--format', 'png', '--out', join(parent, 'out'), '--data', data];
for (const signal of ['SIGTERM', 'SIGHUP', 'SIGKILL']) {
  const r = await peak('node', exportArgs, {
    onStart: (child) => {
      const poll = setInterval(() => {
        const staging = readdirSync(parent).find((n) => n.includes('.partial-'));
        if (staging && existsSync(join(parent, staging, 'labels')) && readdirSync(join(parent, staging, 'labels')).length) {
          clearInterval(poll);
          child.kill(signal);
        }
      }, 2);
    },
  });
  console.log(
    `${signal} mid-export: peak RSS ${r.mb} MB, exit ${r.code ?? r.signal}; left in the folder: ${JSON.stringify(readdirSync(parent))}`,
  );
}
const next = await peak('node', exportArgs);
console.log(`next export (sweeps): peak RSS ${next.mb} MB, exit ${next.code}; folder now: ${JSON.stringify(readdirSync(parent))}`);
rmSync(data, { recursive: true, force: true });
rmSync(parent, { recursive: true, force: true });
