// Item 5: peak RSS of `mammoseg import` for three 1.2 GB zero files, six 16384x6103 16-bit PNGs, /dev/zero.
import { mkdtempSync, rmSync, truncateSync, writeFileSync, closeSync, openSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import { join } from 'node:path';
import { peak } from './rss.mjs';
const repo = process.argv[2];
const cli = join(repo, 'bin/mammoseg.js');
const dir = mkdtempSync('/tmp/trust-rss-in-');
const only = process.argv[3];
const run = async (label, files) => {
  if (only && !label.includes(only)) return;
  const data = mkdtempSync('/tmp/trust-rss-data-');
  const r = await peak('node', [cli, 'import', '--data', data, ...files]);
  console.log(`${label}: peak RSS ${r.mb} MB, exit ${r.code}, ${r.s} s; ${r.out.trim().split('\n').slice(-1)[0]}`);
  rmSync(data, { recursive: true, force: true });
};
try {
  const zeros = [1, 2, 3].map((i) => join(dir, `zeros${i}.dcm`));
  for (const f of zeros) {
    closeSync(openSync(f, 'w'));
    truncateSync(f, 1.2e9);
  }
  await run('three 1.2 GB files of zeros', zeros);
  for (const f of zeros) rmSync(f);
  const W = 16384,
    H = 6103;
  const chunk = (type, data) => {
    const b = Buffer.alloc(12 + data.length);
    b.writeUInt32BE(data.length, 0);
    b.write(type, 4, 'latin1');
    data.copy(b, 8);
    b.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 8 + data.length);
    return b;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(W, 0);
  ihdr.writeUInt32BE(H, 4);
  ihdr[8] = 16;
  ihdr[9] = 0;
  const raw = Buffer.alloc((W * 2 + 1) * H);
  const pngs = [];
  for (let i = 0; i < 6; i++) {
    raw[1 + i] = 0x40; // one different sample per file
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw, { level: 9 })),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    const f = join(dir, `big${i}.png`);
    writeFileSync(f, png);
    pngs.push(f);
    if (i === 0) console.log(`each PNG: ${(png.length / 1e6).toFixed(2)} MB on disk, ${((W * H * 2) / 1e6).toFixed(0)} MB of pixels`);
  }
  await run('six 16384x6103 16-bit PNGs', pngs);
  await run('/dev/zero', ['/dev/zero']);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
