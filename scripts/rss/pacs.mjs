// Item 7: peak RSS of `mammoseg pacs search/import` against a hostile PACS (a loopback server).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { peak } from './rss.mjs';
const repo = process.argv[2];
const { saveConnection } = await import(join(repo, 'dist/app/core/pacs/connectionStore.js'));
let mode = '';
const stream = (res, first, piece, total) => {
  let sent = 0;
  res.write(first);
  const more = () => {
    while (!res.destroyed && sent < total) {
      sent += piece.length;
      if (!res.write(piece)) return void res.once('drain', more);
    }
    if (!res.destroyed) res.end();
  };
  more();
};
const server = createServer((req, res) => {
  const row = (n) => ({
    '0020000D': { vr: 'UI', Value: ['1.2.3'] },
    '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
    '00080018': { vr: 'UI', Value: [`1.2.3.4.${n}`] },
  });
  if (mode === 'search')
    return stream(
      res.writeHead(200, { 'content-type': 'application/dicom+json' }),
      '[',
      Buffer.from(`${JSON.stringify(row(1))},`.repeat(10000)),
      3e9,
    );
  if (req.url.endsWith('/instances')) {
    const n = mode === 'listing' ? 100000 : 1;
    return void res
      .writeHead(200, { 'content-type': 'application/dicom+json' })
      .end(JSON.stringify(Array.from({ length: n }, (_, i) => row(i))));
  }
  stream(
    res.writeHead(200, { 'content-type': 'multipart/related; type="application/dicom"; boundary=b' }),
    '--b\r\nContent-Type: application/dicom\r\n\r\n',
    Buffer.alloc(1 << 20),
    2.5e9,
  );
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/dicom-web`;
for (const [m, label, args] of [
  ['search', 'search answered with 3 GB of JSON', ['search', '--limit', '10']],
  ['retrieve', 'import of a 2.5 GB multipart retrieve', ['import', '1.2.3']],
  ['listing', 'import of a study listing 100 000 instances', ['import', '1.2.3']],
]) {
  mode = m;
  const data = mkdtempSync('/tmp/trust-rss-pacs-');
  saveConnection(data, { baseUrl: base, auth: 'bearer', username: null, secret: 'tok' });
  const r = await peak('node', [join(repo, 'bin/mammoseg.js'), 'pacs', ...args, '--data', data]);
  console.log(`${label}: peak RSS ${r.mb} MB, exit ${r.code}, ${r.s} s; ${r.out.trim().split('\n').slice(-1)[0].slice(0, 200)}`);
  rmSync(data, { recursive: true, force: true });
}
server.closeAllConnections();
server.close();
