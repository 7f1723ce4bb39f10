import { describe, expect, it } from 'vitest';
import { runEngineBench, type BenchRecord } from '../../../app/engine/bench.js';

describe('runEngineBench (tiny sizes)', () => {
  it('yields forward, training, cpu baseline or skip, and checkerboard records', async () => {
    const out: BenchRecord[] = [];
    for await (const r of runEngineBench({
      backend: 'wasm',
      sizes: [
        { inputSize: 64, widthMultiplier: 0.125 },
        { inputSize: 128, widthMultiplier: 0.25 },
      ],
      forwardRuns: 1,
      trainSteps: 1,
      cpuTimeBoundMs: 3000,
      checkerboardSize: { inputSize: 64, widthMultiplier: 0.125 },
      onnxThreads: [1, 2],
    })) {
      out.push(r);
    }
    const names = out.map((r) => r.name);
    expect(names).toContain('backend.selected');
    expect(names).toContain('forward.latency.64x0.125');
    expect(names).toContain('train.step.128x0.25');
    // ONNX Runtime rows beside the tfjs ones, per thread count, with conversion time and memory.
    expect(out.find((r) => r.name === 'onnxruntime.selected')?.backend).toBe('onnxruntime-cpu');
    const ortForward = out.filter((r) => r.name === 'forward.latency.64x0.125' && r.backend.startsWith('onnxruntime-cpu'));
    expect(ortForward.map((r) => r.config['threads'])).toEqual([1, 2]);
    expect(names).toContain('onnx.convert.128x0.25');
    // The ONNX Runtime trainer's rows beside tfjs-wasm's, per thread count, with the ratio to the run's best tfjs rate.
    for (const t of ['1t', '2t']) {
      expect(names).toContain(`train.images_per_s.128x0.25.ort.${t}`);
      expect(names).toContain(`train.gflops.128x0.25.ort.${t}`);
    }
    expect(out.find((r) => r.name === 'train.ort_over_tfjs.128x0.25')?.value).toBeGreaterThan(0);
    expect(out.some((r) => r.name === 'forward.peak_rss_growth.64x0.125' && r.backend === 'wasm')).toBe(true);
    expect(out.some((r) => r.name === 'forward.peak_rss_growth.64x0.125' && r.backend.startsWith('onnxruntime'))).toBe(true);
    expect(names.some((n) => n.startsWith('checkerboard.decoderMap.resize-conv'))).toBe(true);
    // cpu: the smallest size always runs; the larger one runs or is skipped with a reason.
    expect(out.some((r) => r.backend === 'cpu' && r.name === 'forward.latency.64x0.125')).toBe(true);
    expect(out.some((r) => r.backend === 'cpu' && /^(forward\.latency|cpu\.skipped)\.128x0\.25$/.test(r.name))).toBe(true);
    for (const r of out) {
      expect(Number.isFinite(r.value)).toBe(true);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    }
  });
});
