/**
 * A malicious or broken PACS must not take the host down or leak: answers are capped as they
 * stream (a never-ending search, a huge retrieve), a study listing too many instances is refused
 * before any retrieve, `limit` holds even when the PACS ignores it, an error answer's body (which
 * may reflect our bearer token) is never shown, and retrieve folders of killed imports are swept.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import type { StoredConnection } from '../../../app/core/pacs/connectionStore.js';
import { importStudies, MAX_RETRIEVE_INSTANCES } from '../../../app/core/pacs/importStudies.js';
import { searchStudies } from '../../../app/core/pacs/search.js';
import { tempDir } from '../../support/paths.js';

const TOKEN = 'bearer-secret-4711';
const studyRow = (n: number) => ({
  '0020000D': { vr: 'UI', Value: [`1.2.${n}`] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: `P^${n}` }] },
});
const instanceRow = (n: number) => ({
  '0020000D': { vr: 'UI', Value: ['1.2.3'] },
  '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
  '00080018': { vr: 'UI', Value: [`1.2.3.4.${n}`] },
});

type Behaviour = 'endless-json' | 'ignores-limit' | 'reflects' | 'many-instances' | 'huge-retrieve';
let behaviour: Behaviour = 'endless-json';
let retrieves = 0;
let server: Server;
let base = '';

function handle(req: IncomingMessage, res: ServerResponse): void {
  const json = { 'content-type': 'application/dicom+json' };
  if (behaviour === 'reflects') return void res.writeHead(500, { 'content-type': 'text/plain' }).end(JSON.stringify(req.headers));
  if (behaviour === 'ignores-limit') return void res.writeHead(200, json).end(JSON.stringify([1, 2, 3, 4, 5].map(studyRow)));
  if (behaviour === 'endless-json') {
    res.writeHead(200, json);
    res.write('[');
    const chunk = `${JSON.stringify(studyRow(1))},`.repeat(1000);
    const more = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', more);
    };
    return more();
  }
  if (req.url!.endsWith('/instances')) {
    const count = behaviour === 'many-instances' ? MAX_RETRIEVE_INSTANCES + 1 : 1;
    return void res.writeHead(200, json).end(JSON.stringify(Array.from({ length: count }, (_, i) => instanceRow(i))));
  }
  retrieves++;
  res.writeHead(200, { 'content-type': 'multipart/related; type="application/dicom"; boundary=b' });
  res.write('--b\r\nContent-Type: application/dicom\r\n\r\n');
  const zeros = Buffer.alloc(1024 * 1024);
  const more = () => {
    while (!res.destroyed && res.write(zeros));
    if (!res.destroyed) res.once('drain', more);
  };
  more();
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/dicom-web`;
});
afterAll(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

const opened: Core[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));
const connection = (): StoredConnection => ({ baseUrl: base, auth: 'bearer', username: null, secret: TOKEN });
const client = { idleTimeoutMs: 5000, maxJsonBytes: 1024 * 1024, maxInstanceBytes: 4 * 1024 * 1024 };

async function failedImport(): Promise<{ error: Error; core: Core }> {
  const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  opened.push(core);
  const error = await importStudies(core, connection(), { projectId: core.defaultProject.id, studyInstanceUids: ['1.2.3'], client }).then(
    () => new Error('the import should have failed'),
    (e: Error) => e,
  );
  return { error, core };
}

describe('a hostile PACS', () => {
  it('a search answer that never ends is cut off at the cap with a clear error', async () => {
    behaviour = 'endless-json';
    const started = Date.now();
    await expect(searchStudies(connection(), { limit: 10 }, client)).rejects.toThrow(
      /answer to GET .*\/studies is larger than 1 MB; refused/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a search keeps to --limit when the PACS ignores it', async () => {
    behaviour = 'ignores-limit';
    expect((await searchStudies(connection(), { limit: 2 }, client)).map((s) => s.studyInstanceUid)).toEqual(['1.2.1', '1.2.2']);
  });

  it("never shows an error answer's body (it reflected the bearer token)", async () => {
    behaviour = 'reflects';
    const error = await searchStudies(connection(), { limit: 2 }, client).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/HTTP 500/);
    expect((error as Error).message).not.toContain(TOKEN);
    expect((error as Error).message).not.toContain('authorization');
  });

  it(`refuses a study listing more than ${MAX_RETRIEVE_INSTANCES} instances before retrieving any`, async () => {
    behaviour = 'many-instances';
    retrieves = 0;
    const { error, core } = await failedImport();
    expect(error.message).toMatch(new RegExp(`lists ${MAX_RETRIEVE_INSTANCES + 1} instances .* more than the ${MAX_RETRIEVE_INSTANCES}`));
    expect(retrieves).toBe(0);
    expect(readdirSync(core.dataDir).filter((n) => n.startsWith('pacs-retrieve-'))).toEqual([]);
  });

  it('a retrieve answer larger than the cap fails, streamed to disk meanwhile, and leaves nothing', async () => {
    behaviour = 'huge-retrieve';
    const { error, core } = await failedImport();
    expect(error.message).toMatch(/larger than 4 MB; refused/);
    expect(core.caseRepository.list(core.defaultProject.id)).toEqual([]);
    expect(readdirSync(core.dataDir).filter((n) => n.startsWith('pacs-retrieve-'))).toEqual([]);
  });
});

describe('retrieve leftovers', () => {
  it('are swept when a core opens, unless their process still runs', () => {
    const dataDir = tempDir();
    const plant = (name: string) => {
      mkdirSync(join(dataDir, name));
      writeFileSync(join(dataDir, name, '0.dcm'), 'patient data');
    };
    plant('pacs-retrieve-999999999-aB3dE9'); // a process that is gone (kill -9)
    plant(`pacs-retrieve-${process.pid}-Xy12Zq`); // a running import's
    const core = openCore({ dataDir, clientPaths: 'refused' });
    opened.push(core);
    expect(readdirSync(dataDir).filter((n) => n.startsWith('pacs-retrieve-'))).toEqual([`pacs-retrieve-${process.pid}-Xy12Zq`]);
  });
});
