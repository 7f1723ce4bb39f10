import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { ENGINE_ENTRY, type EngineClient } from '../../../app/core/engine/engineClient.js';
import { probabilityMap } from '../../../app/core/engine/probabilityMap.js';
import { segmentCases } from '../../../app/core/engine/segmentService.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';
import { lesionProject } from '../../support/projects.js';

// The engine runs the compiled worker (dist/); `npm test` builds before the unit tests.
const built = existsSync(ENGINE_ENTRY);
if (!built) console.warn(`skipping engine integration: ${ENGINE_ENTRY} is not built (npm run build)`);

let core: Core;
let ids: number[];
const small = { inputSize: 64, widthMultiplier: 0.125 };

beforeEach(async () => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused', backend: 'wasm', engines: 1 });
  ids = [];
  for (const seed of [0, 5]) {
    const outcome = await core.importer.importOne(lesionProject(core).id, `case-${seed}.pgm`, makePgm(120, 90, 4095, seed), null);
    if (outcome.kind === 'imported') ids.push(outcome.summary.id);
  }
});
afterEach(async () => {
  await core.engines().close();
  core.close();
});

describe.skipIf(!built)('segmentation through the engine process', () => {
  it('stores each prediction as the first revision (source model, with its version) and a prediction record', async () => {
    const report = await segmentCases(core, core.engines(), lesionProject(core).id, ids, small);
    expect(report.failed).toEqual([]);
    expect(report.segmented).toHaveLength(2);
    expect(report.modelVersion).toBe('v1');
    for (const id of ids) {
      const [revision] = core.maskRepository.list(id);
      expect(revision).toMatchObject({ source: 'model', modelVersion: 'v1', parentId: null });
      expect(revision!.classCounts.reduce((a, b) => a + b, 0)).toBe(120 * 90);
      expect(core.caseRepository.getSummary(id).modelVersion).toBe('v1');
    }
    const rows = core.db.prepare('SELECT count(*) AS n FROM predictions').get() as { n: number };
    expect(rows.n).toBe(2);
    expect(core.models.active(lesionProject(core).id)).toMatchObject({ origin: 'initialised', config: { inputSize: 64 } });
    // Ranked for review: most uncertain prediction first.
    const ranked = core.caseRepository.list(lesionProject(core).id, { sort: 'uncertainty' });
    expect(ranked.every((c) => c.uncertainty !== null)).toBe(true);
    expect(ranked[0]!.uncertainty!).toBeGreaterThanOrEqual(ranked[1]!.uncertainty!);
    expect(core.caseRepository.list(lesionProject(core).id, { modelVersion: 'v1', sort: 'name' }).map((c) => c.name)).toEqual([
      'case-0.pgm',
      'case-5.pgm',
    ]);
    // The heat map of a class: the stored probabilities on the model grid, with their placement.
    const heat = probabilityMap(core, ids[0]!, 1)!;
    expect(heat.map).toMatchObject({ size: 64, classIndex: 1, modelVersion: 'v1', step: 120 / 64 });
    expect(heat.data).toHaveLength(64 * 64);
    const background = probabilityMap(core, ids[0]!, 0)!;
    for (const i of [0, 100, 2000]) expect(heat.data[i]! + background.data[i]!).toBeGreaterThanOrEqual(254);
  });

  it('never overwrites a human revision unless forced', async () => {
    core.masks.saveLabels(ids[0]!, new Uint8Array(120 * 90).fill(1), 'dr-a', 'user');
    const report = await segmentCases(core, core.engines(), lesionProject(core).id, [ids[0]!], small);
    expect(report.skipped[0]?.reason).toMatch(/user revision/);
    expect(core.maskRepository.list(ids[0]!)).toHaveLength(1);
  });

  it('restarts a crashed engine and retries the case; nothing is half-written', async () => {
    const engine: EngineClient = core.engines().engines[0]!;
    const original = engine.request.bind(engine);
    let killed = false;
    engine.request = async (body, transfer, onProgress) => {
      const pending = original(body, transfer, onProgress);
      if (body.type === 'predict' && !killed) {
        killed = true;
        await engine.terminate();
      }
      return pending;
    };
    const report = await segmentCases(core, core.engines(), lesionProject(core).id, [ids[0]!], small);
    expect(engine.crashes).toBe(1);
    expect(report.failed).toEqual([]);
    expect(core.maskRepository.list(ids[0]!)).toHaveLength(1);
    expect((core.db.prepare('SELECT count(*) AS n FROM predictions').get() as { n: number }).n).toBe(1);
  });
});
