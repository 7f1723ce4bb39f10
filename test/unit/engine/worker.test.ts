import { describe, expect, it } from 'vitest';
import { isEngineEvent, type EngineEvent, type EngineRequest, type PredictResult, type TrainResult } from '../../../electron/engine/protocol.js';
import { handleRequest } from '../../../electron/engine/worker.js';

/** Runs one request through the worker's handler and collects its events. */
async function run(req: EngineRequest): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  await handleRequest(req, (e) => events.push(e));
  return events;
}

function result<T>(events: EngineEvent[]): T {
  const last = events[events.length - 1];
  if (last?.type !== 'result') throw new Error(`expected result, got ${JSON.stringify(last)}`);
  return last.value as T;
}

describe('engine worker request handling (in-process)', () => {
  it('init, create, predict on the source grid, train with progress, cancel', async () => {
    const init = result<{ backend: string }>(await run({ type: 'init', id: 1, backend: 'wasm' }));
    expect(init.backend).toBe('wasm');
    await run({ type: 'create-model', id: 2, config: { inputSize: 64, widthMultiplier: 0.125, numClasses: 3 } });

    const image = { data: new Uint8Array(90 * 45).map((_, i) => i % 255), height: 90, width: 45, maxValue: 255 };
    const pred = result<PredictResult>(await run({ type: 'predict', id: 3, image }));
    expect(pred.probabilities.length).toBe(90 * 45 * 3);
    expect(pred.labels.length).toBe(90 * 45);
    expect(pred.probabilities[0]! + pred.probabilities[1]! + pred.probabilities[2]!).toBeCloseTo(1, 4);

    const labels = { data: new Uint8Array(90 * 45).map((_, i) => (i % 45 < 20 ? 1 : 2)), height: 90, width: 45 };
    const trainEvents = await run({ type: 'train', id: 4, examples: [{ image, labels }], steps: 3, learningRate: 1e-2 });
    expect(trainEvents.filter((e) => e.type === 'progress')).toHaveLength(3);
    expect(result<TrainResult>(trainEvents).steps).toBe(3);
    expect(trainEvents.every(isEngineEvent)).toBe(true);

    await run({ type: 'cancel', id: 5, target: 6 });
    const cancelled = await run({ type: 'train', id: 6, examples: [{ image, labels }], steps: 100 });
    expect(cancelled[cancelled.length - 1]).toMatchObject({ type: 'error', id: 6, cancelled: true });

    const err = await run({ type: 'load-model', id: 7, dir: '/nonexistent/model' });
    expect(err[0]).toMatchObject({ type: 'error', id: 7 });
  });
});
