import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../shared/contract/result.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { dispatch } from '../../../app/core/api/dispatch.js';
import { createHandlers } from '../../../app/core/api/handlers.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { ENGINE_ENTRY } from '../../../app/core/engine/engineClient.js';
import { CaseClickRefiner } from '../../../app/core/clicks/caseRefiner.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

// The engine runs the compiled worker (dist/); `npm test` builds before the unit tests.
const built = existsSync(ENGINE_ENTRY);
if (!built) console.warn(`skipping the click refinement tests: ${ENGINE_ENTRY} is not built (npm run build)`);

const W = 120;
const H = 90;
const CLASSES = ['background', 'fatty', 'fibroglandular', 'pectoral'].map((name) => ({ name, color: '#000000' }));

let core: Core;
let projectId: number;
let caseId: number;

/** A small network (untrained: the service's contract does not depend on the weights) made active in the project. */
async function activeModel(guidance: 'clicks' | 'none', name: string) {
  const dir = join('models', `${name}-${projectId}`);
  const { config } = await core.engines().engines[0]!.request({
    type: 'createModel',
    dir: join(core.dataDir, dir),
    config: { numClasses: CLASSES.length, inputSize: 64, widthMultiplier: 0.125, guidance },
  });
  const version = core.models.register({ projectId, version: name, parentId: null, origin: 'initialised', config: { ...config }, dir });
  core.models.activate(projectId, version.id);
  return version;
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppFailure);
  return error as AppFailure;
};

// One core and engine for the file (starting an engine is most of a test's time); a project per test.
beforeAll(() => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused', engines: 1 });
});
afterAll(async () => {
  await core.engines().close();
  core.close();
});
let projects = 0;
beforeEach(async () => {
  projectId = core.projectRepository.create(`tissue ${++projects}`, CLASSES).id;
  const outcome = await core.importer.importOne(projectId, 'case.pgm', makePgm(W, H, 4095, 3), null);
  if (outcome.kind !== 'imported') throw new Error('the test image did not import');
  caseId = outcome.summary.id;
});

describe.skipIf(!built)('refining a case with clicks (CaseClickRefiner)', () => {
  it('stores the model + clicks revision with the whole click list, and reuses the case input prepared when the tool was picked', async () => {
    const model = await activeModel('clicks', 'guided');
    const refiner = new CaseClickRefiner(core);
    // Picking the tool readies the case and stores nothing.
    expect(await refiner.prepare(caseId)).toMatchObject({ modelVersion: model.version });
    expect(core.maskRepository.list(caseId)).toEqual([]);
    const clicks = [{ x: 10, y: 20, class: 2 }];
    const first = await refiner.refine({ caseId, parentId: null, clicks, author: 'dr-a' });
    expect(first.revision).toMatchObject({
      source: 'clicks',
      modelVersion: model.version,
      parentId: null,
      author: 'dr-a',
      kind: 'edit',
      tool: 'clicks',
      classIndex: 2,
      clicks,
    });
    expect(first.timing.cached).toBe(true);
    expect(decodeMaskRle(first.rle, W * H)).toHaveLength(W * H);
    expect(first.revision.classCounts.reduce((a, b) => a + b, 0)).toBe(W * H);

    const more = [...clicks, { x: 119, y: 89, class: 1 }];
    const second = await refiner.refine({ caseId, parentId: first.revision.id, clicks: more, author: 'dr-a' });
    expect(second.timing.cached).toBe(true);
    expect(second.revision).toMatchObject({ parentId: first.revision.id, clicks: more, classIndex: 1 });
    // Stored: what the revision list and the mask channel answer.
    expect(core.maskRepository.list(caseId).map((r) => r.clicks)).toEqual([clicks, more]);
    expect(new Uint8Array(core.maskRepository.get(caseId, second.revision.id).rle)).toEqual(new Uint8Array(second.rle));
    // The reader steered it: the case is in progress.
    expect(core.caseRepository.getSummary(caseId).reviewState).toBe('in_progress');
  });

  it('refuses a model that was not trained with clicks, saying so, and stores nothing', async () => {
    await activeModel('none', 'plain');
    const error = await refusal(
      new CaseClickRefiner(core).refine({ caseId, parentId: null, clicks: [{ x: 5, y: 5, class: 1 }], author: 'a' }),
    );
    expect(error.code).toBe('invalid-request');
    expect(error.message).toMatch(/model plain was not trained with clicks/);
    // Already when the tool is picked.
    expect((await refusal(new CaseClickRefiner(core).prepare(caseId))).message).toMatch(/model plain was not trained with clicks/);
    expect(core.maskRepository.list(caseId)).toEqual([]);
  });

  it('refuses a click outside the image with a message naming the click and the image size', async () => {
    await activeModel('clicks', 'guided');
    const clicks = [
      { x: 5, y: 5, class: 1 },
      { x: W, y: 5, class: 2 },
    ];
    const error = await refusal(new CaseClickRefiner(core).refine({ caseId, parentId: null, clicks, author: 'a' }));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toBe(`click 2: click (${W}, 5) is outside the ${W} x ${H} image`);
    const badClass = await refusal(
      new CaseClickRefiner(core).refine({ caseId, parentId: null, clicks: [{ x: 1, y: 1, class: 4 }], author: 'a' }),
    );
    expect(badClass.message).toMatch(/click 1: click class 4 is not a class of this model \(0-3\)/);
    expect(core.maskRepository.list(caseId)).toEqual([]);
  });

  it('refuses clicks made on a mask that is no longer the latest (conflict)', async () => {
    await activeModel('clicks', 'guided');
    core.masks.saveLabels(caseId, new Uint8Array(W * H).fill(1), 'dr-b', 'user');
    const error = await refusal(
      new CaseClickRefiner(core).refine({ caseId, parentId: null, clicks: [{ x: 1, y: 1, class: 2 }], author: 'a' }),
    );
    expect(error.code).toBe('conflict');
  });

  it('the refineMask channel validates the clicks at the gate and answers the revision and its mask', async () => {
    await activeModel('clicks', 'guided');
    const handlers = createHandlers(core);
    const empty = await dispatch(handlers, 'refineMask', { caseId, parentId: null, clicks: [] });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-request', message: /at least one click/ } });
    const negative = await dispatch(handlers, 'refineMask', { caseId, parentId: null, clicks: [{ x: -1, y: 2, class: 1 }] });
    expect(negative).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const outside = await dispatch(handlers, 'refineMask', { caseId, parentId: null, clicks: [{ x: 3, y: H + 7, class: 1 }] });
    expect(outside).toMatchObject({ ok: false, error: { code: 'invalid-request', message: /outside the 120 x 90 image/ } });
    const ok = await dispatch(handlers, 'refineMask', { caseId, parentId: null, clicks: [{ x: 3, y: 4, class: 2 }] });
    expect(ok).toMatchObject({ ok: true, value: { revision: { source: 'clicks', clicks: [{ x: 3, y: 4, class: 2 }] } } });
  });
});
