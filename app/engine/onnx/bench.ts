/**
 * ONNX Runtime figures for `mammoseg bench --suite engine`, beside the tfjs rows: conversion
 * time, forward latency and GFLOP/s per thread count, and the peak memory of a forward.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BenchRecord } from '../benchRecord.js';
import { sampleRss, toMb } from '../peak-rss.js';
import { convertLayersModel } from './convert.js';
import { OnnxPredictor } from './predictor.js';
import { selectOrtProvider, type OrtAttempt, type OrtProvider } from './runtime.js';

/** The same row as the tfjs figures. */
export type OnnxBenchRecord = BenchRecord;

export interface OnnxBenchSize {
  tag: string;
  model: tf.LayersModel;
  flops: number;
  config: Record<string, unknown>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The provider the engine would use (probed with the largest thread count), or why none. */
export async function benchProvider(threads: number): Promise<{ provider: OrtProvider | null; attempts: OrtAttempt[] }> {
  const sel = await selectOrtProvider({ threads });
  return { provider: sel.provider, attempts: sel.attempts };
}

/**
 * One size: convert, then per thread count a session, one warm-up and `runs` timed forwards
 * (median). Peak RSS is sampled over the session and forwards with the most threads.
 */
export async function* measureOnnx(
  size: OnnxBenchSize,
  provider: OrtProvider,
  threadCounts: number[],
  runs: number,
  target?: string,
): AsyncGenerator<OnnxBenchRecord> {
  const started = performance.now();
  const converted = convertLayersModel(size.model);
  yield {
    name: `onnx.convert.${size.tag}`,
    value: Math.round(performance.now() - started),
    unit: 'ms',
    backend: 'onnxruntime',
    config: { ...size.config, bytes: converted.bytes.length },
  };
  const inputSize = converted.inputShape[0] ?? 0;
  const input = new Float32Array(inputSize * inputSize).map((_, i) => ((i * 7919) % 1000) / 1000);
  const most = Math.max(...threadCounts);
  for (const threads of threadCounts) {
    const backend = `onnxruntime-${provider} (${threads} thread${threads === 1 ? '' : 's'})`;
    const memory = threads === most ? await sampleRss() : null;
    const predictor = await OnnxPredictor.create(converted.bytes, provider, threads);
    try {
      await predictor.run(input); // warm-up: kernel selection, arena
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await predictor.run(input);
        times.push(performance.now() - t0);
      }
      const ms = median(times);
      const config = { ...size.config, threads };
      yield {
        name: `forward.latency.${size.tag}`,
        value: Math.round(ms),
        unit: 'ms',
        backend,
        config,
        ...(target && threads === most ? { target } : {}),
      };
      yield { name: `forward.gflops.${size.tag}`, value: Math.round(size.flops / (ms * 1e5)) / 10, unit: 'GFLOP/s', backend, config };
    } finally {
      await predictor.dispose();
    }
    if (memory) {
      const peak = await memory.stop();
      yield {
        name: `forward.peak_rss_growth.${size.tag}`,
        value: toMb(peak - memory.startBytes),
        unit: 'MB',
        backend,
        config: { ...size.config, threads, peakRssMb: toMb(peak), note: 'process RSS growth over session + forwards' },
      };
    }
  }
}
