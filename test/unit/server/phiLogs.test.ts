/**
 * PHI stays out of logs: the real `serve` command, driven through a whole session with files and
 * DICOM headers named after a made-up patient (import, segment, review, export, and requests that
 * fail or are refused), writes none of that patient's name, ID or file names to its output.
 * The UI and the exports may name them; the console may not.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { encode as encodePng } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { serve, type ServeSession } from '../../../app/cli/commands/serve.js';
import { openCore } from '../../../app/core/core.js';
import { ENGINE_ENTRY } from '../../../app/core/engine/engineClient.js';
import { ensureActiveModel } from '../../../app/core/engine/ensureModel.js';
import type { Result } from '../../../shared/contract/result.js';
import { decodeWire, encodeWire } from '../../../shared/contract/wire.js';
import { encodeMaskRle } from '../../../shared/mask/rle.js';
import { part10, writeElements } from '../../fixtures/imaging/dicomWriter.js';
import { tempDir } from '../../support/paths.js';

const PATIENT_NAME = 'DOE^JANE';
const PATIENT_ID = 'PID12345';
const FILE_STEM = 'DOE_JANE_PID12345';
/** Any trace of the patient: the name in either spelling, the ID, the file names. */
const PHI = /DOE[_^ ]?JANE|JANE|PID12345/i;

// Segmenting needs the compiled engine worker (dist/); `npm test` builds before the unit tests.
const engineBuilt = existsSync(ENGINE_ENTRY);
if (!engineBuilt) console.warn(`phiLogs: segment step skipped, ${ENGINE_ENTRY} is not built (npm run build)`);

function patientDicom(): Uint8Array {
  const size = 16;
  const pixels = new Uint8Array(size * size).map((_, i) => (i * 7) % 256);
  return part10(
    '1.2.840.10008.1.2.1',
    writeElements([
      { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.1.2' },
      { tag: 0x00080018, vr: 'UI', value: '1.2.826.0.1.3680043.99.1' },
      { tag: 0x00080060, vr: 'CS', value: 'MG' },
      { tag: 0x00100010, vr: 'PN', value: PATIENT_NAME },
      { tag: 0x00100020, vr: 'LO', value: PATIENT_ID },
      { tag: 0x00280002, vr: 'US', value: [1] },
      { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
      { tag: 0x00280010, vr: 'US', value: [size] },
      { tag: 0x00280011, vr: 'US', value: [size] },
      { tag: 0x00280100, vr: 'US', value: [8] },
      { tag: 0x00280101, vr: 'US', value: [8] },
      { tag: 0x00280102, vr: 'US', value: [7] },
      { tag: 0x00280103, vr: 'US', value: [0] },
      { tag: 0x7fe00010, vr: 'OB', value: pixels },
    ]),
    '1.2.840.10008.5.1.4.1.1.1.2',
  );
}

function patientPng(): Uint8Array {
  const data = new Uint8Array(24 * 20).map((_, i) => (i * 3) % 256);
  return encodePng({ width: 24, height: 20, data, depth: 8, channels: 1 });
}

/** Everything the process writes: console (which Vitest intercepts) and the raw streams. */
function captureOutput(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void chunks.push(format(...args))),
  );
  const streams = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    return () => (stream.write = original as typeof stream.write);
  });
  return {
    text: () => chunks.join('\n'),
    restore: () => {
      spies.forEach((spy) => spy.mockRestore());
      streams.forEach((undo) => undo());
    },
  };
}

let output: ReturnType<typeof captureOutput>;
let session: ServeSession;
let origin: string;
let token: string;
const work = tempDir('mammoseg-phi-');
const dataDir = join(work, 'data');

async function rpc<T>(
  channel: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; result: Result<T> }> {
  const response = await fetch(`${origin}/api/rpc/${channel}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      origin,
      'content-type': 'application/x-mammoseg-wire',
      'x-mammoseg-csrf': '1',
      ...headers,
    },
    body: encodeWire(payload),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const result = (
    response.headers.get('content-type') === 'application/x-mammoseg-wire'
      ? decodeWire(bytes)
      : { ok: false, error: { code: 'refused', message: '' } }
  ) as Result<T>;
  return { status: response.status, result };
}

const value = <T>(r: { result: Result<T> }): T => {
  if (!r.result.ok) throw new Error(r.result.error.message);
  return r.result.value;
};

beforeAll(async () => {
  if (engineBuilt) {
    // A tiny untrained network, so the segment step costs seconds rather than minutes.
    const core = openCore({ dataDir, clientPaths: 'refused', backend: 'wasm', engines: 1 });
    await ensureActiveModel(core, core.defaultProject.id, core.engines().engines[0]!, { inputSize: 64, widthMultiplier: 0.125 });
    await core.engines().close();
    core.close();
  }
  process.env.MAMMOSEG_BACKEND = 'wasm';
  output = captureOutput();
  session = (await serve({ data: dataDir, port: 0 }))!;
  const url = new URL(session.url);
  origin = url.origin;
  token = url.searchParams.get('token')!;
});

afterAll(async () => {
  await session?.stop('test done');
  output?.restore();
  delete process.env.MAMMOSEG_BACKEND;
});

describe('a serve session about a named patient', () => {
  it('imports, segments, reviews, exports and fails without naming the patient in its output', async () => {
    const events: string[] = [];
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/api/events`, { origin, headers: { authorization: `Bearer ${token}` } });
    ws.on('message', (m) => events.push(String(m)));
    await new Promise((resolve) => ws.on('open', resolve));

    const projectId = value(await rpc<{ defaultProjectId: number }>('getAppInfo', {})).defaultProjectId;
    const corrupt = patientDicom().slice(0, 200);
    const report = value(
      await rpc<{ imported: { id: number; name: string }[]; failed: { name: string; reason: string }[] }>('importFiles', {
        projectId,
        runId: 'run-1',
        files: [
          { name: `${FILE_STEM}.png`, data: patientPng() },
          { name: `${FILE_STEM}.dcm`, data: patientDicom() },
          { name: `${FILE_STEM}_corrupt.dcm`, data: corrupt },
        ],
      }),
    );
    expect(report.imported.map((c) => c.name).sort()).toEqual([`${FILE_STEM}.dcm`, `${FILE_STEM}.png`]);
    expect(report.failed.map((f) => f.name)).toEqual([`${FILE_STEM}_corrupt.dcm`]);
    const dicomCase = report.imported.find((c) => c.name.endsWith('.dcm'))!.id;
    const pngCase = report.imported.find((c) => c.name.endsWith('.png'))!.id;
    // The UI is told who the patient is; that is where the name belongs.
    expect(value(await rpc<{ patientName: string | null }>('getCase', { caseId: dicomCase })).patientName).toContain('JANE');

    if (engineBuilt) {
      const segmented = value(
        await rpc<{ segmented: unknown[]; failed: unknown[] }>('segmentCases', { projectId, runId: 'seg-1', caseIds: [dicomCase] }),
      );
      expect(segmented.failed).toEqual([]);
      expect(segmented.segmented).toHaveLength(1);
    }

    const labels = new Uint8Array(24 * 20).fill(1, 0, 100);
    value(await rpc('saveMask', { caseId: pngCase, parentId: null, rle: encodeMaskRle(labels) }));
    value(await rpc('setReview', { caseId: pngCase, state: 'accepted' }));
    // The browser host picks the folder (under <data>/exports) and says where.
    const exported = value(await rpc<{ exported: number; outDir: string }>('exportLabels', { projectId, format: 'png' }));
    expect(exported.exported).toBe(1);
    expect(readdirSync(exported.outDir).length).toBeGreaterThan(0);

    // Requests that fail in the core, with the patient in the path or the payload.
    const blocker = join(work, `${FILE_STEM}.txt`);
    writeFileSync(blocker, 'not a folder');
    const intoFile = await rpc('exportLabels', { projectId, format: 'png', outDir: join(blocker, 'export') });
    expect(intoFile.result.ok).toBe(false);
    // A fault inside the core: the case's stored pixels are gone from the blob store.
    for (const blob of readdirSync(join(dataDir, 'blobs'), { recursive: true, withFileTypes: true }))
      if (blob.isFile()) rmSync(join(blob.parentPath, blob.name));
    expect((await rpc('getCasePixels', { caseId: dicomCase })).status).toBe(500);
    const badRle = await rpc('saveMask', { caseId: dicomCase, parentId: null, rle: new TextEncoder().encode(FILE_STEM) });
    expect(badRle.result.ok).toBe(false);
    expect((await rpc('importFiles', { projectId, runId: 'r', files: [{ name: `${FILE_STEM}.png` }] })).status).toBe(400);
    expect((await rpc('getCase', { caseId: 999 })).status).toBe(404);

    // Requests turned away by the host, naming the patient where a client controls the text.
    expect((await rpc(FILE_STEM, {}, { origin: 'http://127.0.0.1:8888' })).status).toBe(403);
    expect((await fetch(`${origin}/${FILE_STEM}%`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(400);
    const big = new Uint8Array(6 * 1024 * 1024);
    expect((await rpc('listCases', { projectId, filter: { name: FILE_STEM }, pad: big })).status).toBe(413);

    await new Promise((resolve) => setTimeout(resolve, 200));
    ws.close();
    // The events reached the page (they may name files: the page is the UI).
    expect(events.some((e) => e.includes('importProgress'))).toBe(true);

    await session.stop('test done');
    const text = output.text();
    // The capture works and the failures were logged, by channel and case id only.
    expect(text).toContain('Open http://127.0.0.1:');
    expect(text).toContain(`getCasePixels failed (internal) for case ${dicomCase}: Error [ENOENT] at `);
    expect(text).toMatch(/refused unknown channel: 403 foreign Origin/);
    expect(text).toMatch(/refused listCases: 413/);
    expect(text).not.toMatch(PHI);
  });
});
