/**
 * ONNX Runtime through the real engine worker (dist/): the pool predicts on one ONNX Runtime
 * engine with every core, caches model.onnx beside the version, and agrees with the tfjs-wasm
 * engine on the same case. What the machine has (tfjs-node, CUDA) decides the providers: the
 * expectations read the engine's report and check it chose the first runtime that did not fail.
 */
import { cpSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { ENGINE_ENTRY, EngineClient } from '../../../app/core/engine/engineClient.js';
import { modelGrid } from '../../../app/core/engine/modelGrid.js';
import { segmentCases } from '../../../app/core/engine/segmentService.js';
import type { BackendReport, EngineImage } from '../../../shared/engine/protocol.js';
import { preprocessUnit } from '../../../shared/preprocess/preprocess.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

const built = existsSync(ENGINE_ENTRY);
if (!built) console.warn(`skipping ONNX Runtime engine tests: ${ENGINE_ENTRY} is not built (npm run build)`);

const small = { inputSize: 64, widthMultiplier: 0.125 };
const STARTER = fileURLToPath(new URL('../../../resources/models/starter', import.meta.url));
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await core.engines().close();
    core.close();
  }
});

async function segmentedCore(backend: 'auto' | 'wasm', dataDir: string): Promise<{ core: Core; ids: number[]; projectId: number }> {
  const core = openCore({ dataDir, clientPaths: 'refused', backend, engines: 2 });
  cores.push(core);
  const projectId = core.defaultProject.id;
  const ids: number[] = [];
  for (const seed of [1, 2, 3]) {
    const outcome = await core.importer.importOne(projectId, `case-${seed}.pgm`, makePgm(150, 110, 4095, seed), null);
    ids.push(outcome.kind === 'imported' ? outcome.summary.id : outcome.existingCaseId);
  }
  return { core, ids, projectId };
}

// The tfjs attempts as the report names them, and the backend name each one reports as chosen.
const TFJS_CHOSEN: Record<string, string> = { 'node-gpu': 'tensorflow-gpu', node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

/** The first attempt that did not fail, after checking every earlier one failed. */
function firstWorking(attempts: BackendReport['attempts']): BackendReport['attempts'][number] {
  const index = attempts.findIndex((a) => a.ok);
  expect(index, JSON.stringify(attempts)).toBeGreaterThanOrEqual(0);
  expect(attempts.slice(0, index).every((a) => !a.ok)).toBe(true);
  return attempts[index]!;
}

/** What the engine should have chosen on this machine, read from its own attempts. */
function expectedChoice(report: BackendReport): { ortProvider: string; tfjs: string } {
  const ort = firstWorking(report.attempts.filter((a) => a.backend.startsWith('onnxruntime-')));
  const tfjs = firstWorking(report.attempts.filter((a) => a.backend in TFJS_CHOSEN));
  return { ortProvider: ort.backend, tfjs: TFJS_CHOSEN[tfjs.backend]! };
}

const predictionsOf = (core: Core) =>
  core.db.prepare('SELECT case_id, backend, probabilities_blob FROM predictions ORDER BY case_id').all() as {
    case_id: number;
    backend: string;
    probabilities_blob: string;
  }[];

describe.skipIf(!built)('inference on ONNX Runtime in the engine pool', () => {
  it('one inference engine with every core; predictions stored under the provider it chose; model.onnx cached', async () => {
    const { core, ids } = await segmentedCore('auto', tempDir());
    const report = await segmentCases(core, core.engines(), core.defaultProject.id, ids, small);
    expect(report.failed).toEqual([]);
    expect(report.segmented).toHaveLength(3);

    const plan = await core.engines().inference();
    const { ortProvider, tfjs } = expectedChoice(plan.report);
    expect(plan.report.inference).toEqual({ runtime: 'onnxruntime', backend: ortProvider, threads: availableParallelism() });
    expect(plan.engines).toEqual([core.engines().engines[1]]); // the last engine; training keeps the first
    expect(plan.lanes).toBe(2);
    const provider = ortProvider.replace('onnxruntime-', '');
    expect(plan.report.chosen).toMatch(new RegExp(`^${tfjs} for training, onnxruntime ${provider} \\(\\d+ threads?\\) for inference$`));
    expect(plan.report.attempts.find((a) => a.backend === 'onnxruntime-cuda')?.reason).toBeTruthy();

    expect(predictionsOf(core).map((p) => p.backend)).toEqual([ortProvider, ortProvider, ortProvider]);
    const model = core.models.active(core.defaultProject.id)!;
    expect(existsSync(join(core.models.dirOf(model.id), 'model.onnx'))).toBe(true);
    expect(model.backend).toBe(tfjs); // the tfjs backend that initialised it, not the description
  });

  it('agrees with a tfjs-wasm engine on the starter model: quantised probabilities within 1/255', async () => {
    // A copy: the ONNX engine caches model.onnx beside the version, not in resources/.
    const dir = join(tempDir(), 'starter');
    cpSync(STARTER, dir, { recursive: true });
    const image = (): EngineImage => {
      // A bright half-disc against the left edge, like a breast against the chest wall.
      const width = 300;
      const height = 400;
      const data = new Float32Array(width * height);
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++)
          data[y * width + x] = Math.hypot(x, y - 200) < 220 ? 0.4 + 0.3 * Math.sin(x / 9) * Math.cos(y / 13) : 0;
      return preprocessUnit({ data, width, height }, { ...modelGrid(dir), laterality: 'L' });
    };
    const predict = async (prefer: 'auto' | 'wasm') => {
      const engine = new EngineClient(prefer);
      try {
        const report = await engine.start();
        const result = await engine.request({ type: 'predict', modelDir: dir, image: image() });
        if (result.kind !== 'predict') throw new Error(result.kind);
        return { ...result.prediction, expected: report.inference?.backend };
      } finally {
        await engine.close();
      }
    };
    const tfjs = await predict('wasm');
    const ort = await predict('auto');
    // --backend wasm runs on wasm where it starts; 'auto' on the first ONNX Runtime provider that loads.
    expect(tfjs.backend).toBe(tfjs.expected);
    expect(ort.backend).toBe(ort.expected);
    expect(ort.backend).toMatch(/^onnxruntime-/);
    let worst = 0;
    let confident = 0;
    for (let k = 0; k < tfjs.probabilities.length; k++) {
      worst = Math.max(worst, Math.abs(tfjs.probabilities[k]! - ort.probabilities[k]!));
      if (tfjs.probabilities[k]! > 230) confident++;
    }
    expect(confident).toBeGreaterThan(1000); // a real prediction, not a flat map
    expect(worst).toBeLessThanOrEqual(1);
    // Labels come from the float probabilities: only an exact tie could differ.
    let differing = 0;
    for (let k = 0; k < tfjs.labels.length; k++) if (tfjs.labels[k] !== ort.labels[k]) differing++;
    expect(differing / tfjs.labels.length).toBeLessThan(1e-3);
  });

  it('a restarted engine gets ONNX Runtime again (engines that may load it are processes, not worker threads)', async () => {
    const engine = new EngineClient('auto', undefined, undefined, 1);
    try {
      const first = await engine.start();
      expect(first.inference?.runtime).toBe('onnxruntime');
      await engine.terminate(); // as a crash: the client notices and starts a fresh engine next time
      expect(engine.crashes).toBe(1);
      const again = await engine.start();
      // In a second worker thread of one process onnxruntime-node fails ("Module did not self-register").
      expect(again.inference).toEqual({ runtime: 'onnxruntime', backend: expectedChoice(again).ortProvider, threads: 1 });
      expect(again.inference).toEqual(first.inference);
    } finally {
      await engine.close();
    }
  });
});
