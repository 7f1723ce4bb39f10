/**
 * What a PACS can do wrong, from a tiny fake DICOMweb server: refuse the credentials, not know the
 * path, stall, or cut a multipart answer short. Each gives a clear error and imports nothing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { saveConnection, type StoredConnection } from '../../../app/core/pacs/connectionStore.js';
import { DicomwebClient } from '../../../app/core/pacs/dicomwebClient.js';
import { importStudies } from '../../../app/core/pacs/importStudies.js';
import { sharedFile, tempDir } from '../../support/paths.js';

type Behaviour = 'ok' | 'unauthorized' | 'missing' | 'stall' | 'truncated' | 'closed';
let behaviour: Behaviour = 'ok';
let lastAuthorization: string | undefined;
let server: Server;
let base = '';
const dicom = readFileSync(sharedFile('dicom/CT_small.dcm') ?? new URL('../../../package.json', import.meta.url));
const STUDY = '1.2.3';
const instances = [1, 2].map((n) => ({
  '0020000D': { vr: 'UI', Value: [STUDY] },
  '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
  '00080018': { vr: 'UI', Value: [`1.2.3.4.${n}`] },
}));

function handle(req: IncomingMessage, res: ServerResponse): void {
  lastAuthorization = req.headers.authorization;
  if (behaviour === 'unauthorized') return void res.writeHead(401, { 'www-authenticate': 'Basic' }).end();
  if (req.url!.endsWith('/instances'))
    return void res.writeHead(200, { 'content-type': 'application/dicom+json' }).end(JSON.stringify(instances));
  if (behaviour === 'missing') return void res.writeHead(404).end('no such study');
  if (behaviour === 'stall') return; // never answers
  const boundary = 'b0undary';
  const head = Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
  const whole = Buffer.concat([head, dicom, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const second = req.url!.endsWith('.2');
  if (behaviour === 'truncated' && second) {
    // The connection ends cleanly, but without the closing boundary: half a body.
    res.writeHead(200, { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}` });
    return void res.end(whole.subarray(0, head.length + 1000));
  }
  if (behaviour === 'closed' && second) {
    res.writeHead(200, {
      'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
      'content-length': String(whole.length),
    });
    res.write(whole.subarray(0, 1000));
    return void setTimeout(() => res.socket?.destroy(), 50);
  }
  res.writeHead(200, { 'content-type': `multipart/related; type="application/dicom"; boundary="${boundary}"` }).end(whole);
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/dicom-web`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

const opened: Core[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));

async function tryImport(auth: Partial<StoredConnection> = {}): Promise<{ error: Error & { code?: string }; core: Core }> {
  const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  opened.push(core);
  const connection: StoredConnection = { baseUrl: base, auth: 'none', username: null, secret: null, ...auth };
  saveConnection(core.dataDir, connection);
  const error = await importStudies(core, connection, {
    projectId: core.defaultProject.id,
    studyInstanceUids: [STUDY],
    client: { idleTimeoutMs: 300 },
  }).then(
    () => {
      throw new Error('the import should have failed');
    },
    (e: Error) => e,
  );
  return { error, core };
}

const nothingImported = (core: Core) => {
  expect(core.caseRepository.list(core.defaultProject.id)).toEqual([]);
  expect(readdirSync(core.dataDir).filter((n) => n.startsWith('pacs-retrieve-'))).toEqual([]);
};

describe.skipIf(!sharedFile('dicom/CT_small.dcm'))('bad PACS answers', () => {
  it('imports both instances when the answers are whole (the fake server itself works)', async () => {
    behaviour = 'ok';
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    opened.push(core);
    const report = await importStudies(
      core,
      { baseUrl: base, auth: 'bearer', username: null, secret: 'tok-123' },
      { projectId: core.defaultProject.id, studyInstanceUids: [STUDY] },
    );
    expect(lastAuthorization).toBe('Bearer tok-123');
    expect(report.retrieved).toBe(2);
    expect(report.imported.length + report.duplicates.length).toBe(2); // the same file twice: one case, one duplicate
  });

  it.each<[Behaviour, string | RegExp, string]>([
    ['unauthorized', /refused the credentials \(HTTP 401\)/, 'unauthorized'],
    ['missing', /HTTP 404/, 'not-found'],
    ['stall', /did not answer .* within 0 s|did not answer/, 'internal'],
    ['truncated', /cut short/, 'internal'],
    ['closed', /closed the connection before the answer was complete/, 'internal'],
  ])('%s: a clear error and nothing imported', async (b, message, code) => {
    behaviour = b;
    const { error, core } = await tryImport({ auth: 'basic', username: 'u', secret: 'hunter2-secret' });
    expect(error.message).toMatch(message);
    expect(error.code).toBe(code);
    expect(error.message).not.toContain('hunter2-secret');
    nothingImported(core);
  });

  it('a cancel during the retrieve imports nothing', async () => {
    behaviour = 'stall';
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    opened.push(core);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by the test')), 100);
    const run = importStudies(
      core,
      { baseUrl: base, auth: 'none', username: null, secret: null },
      { projectId: core.defaultProject.id, studyInstanceUids: [STUDY], signal: controller.signal },
    );
    await expect(run).rejects.toThrow('cancelled by the test');
    nothingImported(core);
  });

  it('search answers of a refused login name the status, never the secret', async () => {
    behaviour = 'unauthorized';
    const client = new DicomwebClient({ baseUrl: base, auth: 'bearer', username: null, secret: 'tok-secret' });
    await expect(client.searchStudies({})).rejects.toThrow(/HTTP 401/);
  });
});
