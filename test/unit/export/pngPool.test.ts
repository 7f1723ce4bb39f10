/**
 * The PNG export encodes in the core's pool (issue 24 item 2): every file it writes is
 * byte-identical to what the in-thread encode wrote (encodeGreyPng of the head's label map and of
 * each class mask), and the manifest's class counts are the label map's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../app/core/core.js';
import { exportLabels } from '../../../app/core/export/index.js';
import { classMask, encodeGreyPng } from '../../../app/core/labels/formats/png.js';
import { createCorePool } from '../../../app/core/workers/corePool.js';
import { classPixelCounts } from '../../../shared/mask/stats.js';
import { tempDir } from '../../support/paths.js';
import { headLabels, reviewedSet, SCHEMA, snapshot } from './helpers.js';

const opened: Core[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));

describe('PNG export through the pool', () => {
  it('writes the bytes the in-thread encode wrote, with the same manifest, pool or not', async () => {
    const set = await reviewedSet();
    opened.push(set.core);
    const { core, projectId, ids } = set;
    const out = join(tempDir(), 'png');
    const summary = await exportLabels(core, { format: 'png', outDir: out, projectId, perClassMasks: true });
    expect(summary.exported).toBe(2);
    const stems = ['left-cc', 'right_mlo'];
    for (const [k, id] of ids.slice(0, 2).entries()) {
      const labels = headLabels(core, id);
      const { width, height } = core.caseRepository.getSummary(id);
      expect(readFileSync(join(out, `labels/${stems[k]}.png`)).equals(Buffer.from(encodeGreyPng(labels, width, height)))).toBe(true);
      for (const [index, folder] of [
        [1, '1_lesion'],
        [2, '2_calcification'],
      ] as const) {
        const expected = Buffer.from(encodeGreyPng(classMask(labels, index), width, height));
        expect(readFileSync(join(out, `classes/${folder}/${stems[k]}.png`)).equals(expected), folder).toBe(true);
      }
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
        cases: { caseId: number; classCounts: number[] }[];
      };
      expect(manifest.cases.find((c) => c.caseId === id)!.classCounts).toEqual(classPixelCounts(labels, SCHEMA.length));
    }

    // The same export with every job on this thread (the pool's baseline) writes the same files.
    const inThread = createCorePool({ size: 0 });
    const again = join(tempDir(), 'png-in-thread');
    await exportLabels({ ...core, workers: inThread } as Core, { format: 'png', outDir: again, projectId, perClassMasks: true });
    expect(snapshot(again)).toEqual(snapshot(out));
  });
});
