/**
 * The engine's start-up choice: a tfjs backend (training; predictions when ONNX Runtime is not
 * used) and, under 'auto', an ONNX Runtime provider for predictions. Returns what the engine
 * runs and the report `mammoseg info` and the Engine badge show.
 */
import { selectBackend } from '../backend.js';
import { selectOrtProvider, type OrtAttempt } from '../onnx/runtime.js';
import type { BackendReport, EnginePreference } from '../../../shared/engine/protocol.js';
import type { InferenceRuntime } from './inference.js';

export interface RuntimeChoice {
  runtime: InferenceRuntime;
  report: BackendReport;
}

export interface SelectRuntimesOptions {
  prefer: EnginePreference;
  /** ONNX Runtime intra-op threads (the cores the pool gives inference). */
  threads: number;
  /** Tests replace ONNX Runtime's provider selection. */
  selectOrt?: typeof selectOrtProvider;
}

export async function selectRuntimes(opts: SelectRuntimesOptions): Promise<RuntimeChoice> {
  const tfjs = await selectBackend({ prefer: opts.prefer });
  let ortAttempts: OrtAttempt[];
  let runtime: InferenceRuntime = { kind: 'tfjs', tfjsBackend: tfjs.chosen };
  if (opts.prefer === 'auto') {
    const ort = await (opts.selectOrt ?? selectOrtProvider)({ threads: opts.threads });
    ortAttempts = ort.attempts;
    if (ort.provider !== null) runtime = { kind: 'onnxruntime', provider: ort.provider, threads: ort.threads, tfjsBackend: tfjs.chosen };
  } else {
    ortAttempts = [
      {
        backend: 'onnxruntime',
        ok: false,
        reason: `not tried: --backend ${opts.prefer} runs everything on TensorFlow.js (${tfjs.chosen})`,
      },
    ];
  }
  const chosen =
    runtime.kind === 'onnxruntime'
      ? `${tfjs.chosen} for training, onnxruntime ${runtime.provider} (${runtime.threads} thread${runtime.threads === 1 ? '' : 's'}) for inference`
      : tfjs.chosen;
  return {
    runtime,
    report: {
      chosen,
      attempts: [...ortAttempts, ...tfjs.attempts],
      inference:
        runtime.kind === 'onnxruntime'
          ? { runtime: 'onnxruntime', backend: `onnxruntime-${runtime.provider}`, threads: runtime.threads }
          : { runtime: 'tfjs', backend: tfjs.chosen, threads: null },
      training: tfjs.chosen,
    },
  };
}
