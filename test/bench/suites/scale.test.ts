import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchRecord } from '../../../app/cli/bench/record.js';
import { runScaleBench } from '../../../app/cli/bench/scaleBench.js';
import { buildScaleProject, scaleCaseName, scalePng } from '../../../app/cli/bench/scaleProject.js';
import { openCore } from '../../../app/core/core.js';

const temp = mkdtempSync(join(tmpdir(), 'mammoseg-scale-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('scale bench', () => {
  it('prints every figure for 300 cases, with plausible values (no timing thresholds)', async () => {
    const records: BenchRecord[] = [];
    for await (const r of runScaleBench({ cases: 300, samples: 3, renderer: false })) records.push(r);
    const value = (name: string) => records.find((r) => r.name === `scale.${name}`)?.value;
    for (const op of [
      'list_all',
      'filter_state_unreviewed',
      'filter_state_flagged',
      'filter_search',
      'sort_uncertainty',
      'sort_uncertainty_unreviewed',
      'open_next_case',
    ]) {
      for (const p of ['p50', 'p95']) expect(value(`${op}_${p}`), `${op}_${p}`).toBeGreaterThan(0);
      expect(value(`${op}_p95`)!).toBeGreaterThanOrEqual(value(`${op}_p50`)!);
    }
    expect(records[0]!.config).toMatchObject({ cases: 300 });
    // The whole list of 300 summaries went through the wire encoding.
    expect(records.find((r) => r.name === 'scale.list_all_p50')!.config!.responseBytes).toBeGreaterThan(300 * 100);
    // A row, its review, a model revision and a prediction: some hundreds of bytes to a few KiB.
    expect(value('database_bytes_per_case')).toBeGreaterThan(200);
    expect(value('database_bytes_per_case')).toBeLessThan(20_000);
    // Source PNG + 16-bit pixels (8 KiB at 64x64) + thumbnail + probabilities.
    expect(value('blob_bytes_per_case')).toBeGreaterThan(64 * 64 * 2);
  });

  it('a generated case is stored exactly as the real import stores the same file', async () => {
    const generated = openCore({ dataDir: join(temp, 'generated'), clientPaths: 'refused' });
    const imported = openCore({ dataDir: join(temp, 'imported'), clientPaths: 'refused' });
    try {
      const built = await buildScaleProject(generated, 3);
      expect(built).toMatchObject({ cases: 3 });
      const outcome = await imported.importer.importOne(imported.defaultProject.id, scaleCaseName(1), scalePng(1), null);
      if (outcome.kind !== 'imported') throw new Error('not imported');
      const a = generated.caseRepository.getDetail(2);
      const b = imported.caseRepository.getDetail(outcome.summary.id);
      const stored = ({ name, format, fileSha256, pixelSha256, pixelMeta, width, height }: typeof a) => ({
        name,
        format,
        fileSha256,
        pixelSha256,
        pixelMeta,
        width,
        height,
      });
      expect(stored(a)).toEqual(stored(b));
      expect(generated.caseRepository.blobsOf(2)).toEqual(imported.caseRepository.blobsOf(outcome.summary.id));
      expect(generated.blobs.get(generated.caseRepository.blobsOf(2).thumbnail)).toEqual(
        imported.blobs.get(imported.caseRepository.blobsOf(outcome.summary.id).thumbnail),
      );
    } finally {
      generated.close();
      imported.close();
    }
  });
});
