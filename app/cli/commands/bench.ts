import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { BenchRecord } from '../bench/record.js';
import { runBatchBench } from '../bench/batchBench.js';
import { runImagingBench } from '../bench/imagingBench.js';
import { runInteractiveBench } from '../bench/interactiveBench.js';
import { runLearningBench } from '../bench/learningBench.js';
import { runRankingBench } from '../bench/rankingBench.js';
import { STARTER_MODEL_DIR } from '../../core/engine/ensureModel.js';
import { runResponsivenessBench } from '../bench/responsivenessBench.js';
import { runScaleBench } from '../bench/scaleBench.js';
import { runTrainingBench } from '../bench/trainingBench.js';
import { runViewerBench } from '../bench/viewerBench.js';
import { BACKEND_OPTION } from '../options.js';
import { EngineClient } from '../../core/engine/engineClient.js';

const SUITES = [
  'imaging',
  'viewer',
  'engine',
  'checkerboard',
  'batch',
  'training',
  'learning',
  'ranking',
  'responsiveness',
  'scale',
  'interactive',
] as const;
type Suite = (typeof SUITES)[number];

interface BenchOptions {
  suite: Suite | 'all';
  json?: boolean;
  shared: string;
  importCount: number;
  /** --png16-dir: the imaging suite imports these PNGs instead of generated ones. */
  png16Dir?: string;
  /** --no-in-thread-import: leave out the imaging suite's in-thread fast-png row. */
  inThreadImport: boolean;
  backend: 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';
  batchImages: number;
  trainEpochs: number;
  scaleCases: number;
  quick?: boolean;
  /** --sizes: the engine suite's networks. */
  sizes?: { inputSize: number; widthMultiplier: number }[];
  /** --no-cpu-baseline, --no-checkerboard: leave those engine rows out. */
  cpuBaseline: boolean;
  checkerboard: boolean;
  /** --model, repeatable; none: the shipped starter. */
  model: string[];
  learningRoundEpochs: number;
  learningFineTuneLr?: number;
  learningFineTuneSchedule?: 'constant' | 'cosine';
}

function benchSizes(value: string): { inputSize: number; widthMultiplier: number }[] {
  return value.split(',').map((item) => {
    const [size, width] = item.split('x').map(Number);
    if (!(Number.isInteger(size) && size! % 32 === 0 && width! > 0))
      throw new InvalidArgumentError(`expected e.g. 384x0.5,640x1; got "${item}"`);
    return { inputSize: size!, widthMultiplier: width! };
  });
}

function positiveRate(value: string): number {
  const rate = Number(value);
  if (!(rate > 0 && rate < 1)) throw new InvalidArgumentError('expected a learning rate between 0 and 1, e.g. 3e-4');
  return rate;
}

/** Figures, never pass/fail: each suite yields records as it measures them. */
function suites(options: BenchOptions): Record<Suite, () => AsyncGenerator<BenchRecord>> {
  const mammogram = resolve(options.shared, 'dicom/MG1_J2KI.dcm');
  return {
    imaging: () =>
      runImagingBench({
        mammogram,
        importCount: options.importCount,
        ...(options.png16Dir ? { png16Dir: resolve(options.png16Dir) } : {}),
        skipInThread: !options.inThreadImport,
      }),
    viewer: () => runViewerBench({ image: mammogram }),
    engine: () => engineBench(options),
    checkerboard: () => engineBench(options, true),
    learning: () =>
      runLearningBench({
        tissueDir: resolve(options.shared, 'mammo/ddsm-tissue'),
        backend: options.backend,
        roundEpochs: options.learningRoundEpochs,
        quick: Boolean(options.quick),
        fineTune: {
          ...(options.learningFineTuneLr ? { learningRate: options.learningFineTuneLr } : {}),
          ...(options.learningFineTuneSchedule ? { schedule: options.learningFineTuneSchedule } : {}),
        },
      }),
    // Uncertainty against mask quality on the DDSM images (issue 20): the first --model, else the starter.
    ranking: () =>
      runRankingBench({
        tissueDir: resolve(options.shared, 'mammo/ddsm-tissue'),
        backend: options.backend,
        modelDir: options.model[0] ? resolve(options.model[0]) : STARTER_MODEL_DIR,
      }),
    batch: () =>
      runBatchBench({
        backend: options.backend,
        images: options.batchImages,
        inputSize: options.quick ? 256 : 640,
        widthMultiplier: options.quick ? 0.5 : 1,
      }),
    training: () =>
      runTrainingBench({
        tissueDir: resolve(options.shared, 'mammo/ddsm-tissue'),
        backend: options.backend,
        epochs: options.trainEpochs,
        quick: Boolean(options.quick),
      }),
    interactive: () =>
      runInteractiveBench({
        modelDir: resolve(options.model[0] ?? 'resources/models/starter'),
        tissueDir: resolve(options.shared, 'mammo/ddsm-tissue'),
        backend: options.backend,
        images: options.quick ? 3 : 10,
        clicksPerImage: 5,
      }),
    // 10 000 small cases by default: list, filter, sort and open-next through the API, and the page's heap.
    scale: () => runScaleBench({ cases: options.quick ? 1000 : options.scaleCases }),
    // 200 large PNGs (20 with --quick) per row; --import-count above that measures the 1000-file figure instead of projecting it.
    responsiveness: () =>
      runResponsivenessBench({
        count: options.quick ? 20 : 200,
        importCount: options.importCount,
        dicom: mammogram,
        dicomDir: resolve(options.shared, 'dicom'),
        segmentCases: options.quick ? 4 : 10,
        ...(options.quick ? { trainingCases: 2, inputSize: 256 } : {}),
      }),
  };
}

/** The DDSM tissue folder for the trained-checkerboard rows, when the shared data is there. */
function checkerboardData(options: BenchOptions): { checkerboardTrainedDir?: string; checkerboardModels: string[] } {
  const dir = resolve(options.shared, 'mammo/ddsm-tissue');
  const models = (options.model.length ? options.model : ['resources/models/starter']).map((m) => resolve(m));
  return existsSync(dir) ? { checkerboardTrainedDir: dir, checkerboardModels: models } : { checkerboardModels: models };
}

/**
 * The engine's own figures, measured in an engine process (TensorFlow.js and ONNX Runtime live
 * only there); records arrive as they are measured and are yielded in order.
 */
async function* engineBench(options: BenchOptions, checkerboardOnly = false): AsyncGenerator<BenchRecord> {
  const engine = new EngineClient(options.backend);
  const queue: BenchRecord[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  const done = engine
    .bench(
      {
        type: 'bench',
        options: {
          backend: options.backend,
          ...(options.sizes ? { sizes: options.sizes } : options.quick ? { sizes: [{ inputSize: 256, widthMultiplier: 0.5 }] } : {}),
          ...(options.cpuBaseline ? {} : { cpuBaseline: false }),
          ...(options.checkerboard ? {} : { checkerboard: false }),
          ...checkerboardData(options),
          ...(checkerboardOnly ? { checkerboardOnly } : {}),
        },
      },
      (record) => {
        queue.push(record);
        wake?.();
      },
    )
    .finally(() => {
      finished = true;
      wake?.();
    });
  // A rejection is rethrown by the await below; this keeps it from being reported unhandled meanwhile.
  done.catch(() => undefined);
  try {
    while (!finished || queue.length) {
      if (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      yield* queue.splice(0);
    }
    await done;
  } finally {
    await engine.close();
  }
}

function print(record: BenchRecord, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(record));
    return;
  }
  const target = record.target ? `   (target ${record.target})` : '';
  const extra = record.backend ? ` [${record.backend}]` : '';
  console.log(`${record.name.padEnd(44)} ${String(record.value).padStart(10)} ${record.unit}${extra}${target}`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('Measure and print performance figures (never a pass/fail test)')
    .addOption(new Option('--suite <name>', 'which figures').choices([...SUITES, 'all']).default('all'))
    .option('--json', 'one JSON object per line: name, value, unit, backend, config')
    .option('--shared <dir>', 'the shared data folder (for MG1_J2KI.dcm)', resolve('../shared/data'))
    .option('--import-count <n>', 'generated 2000x3000 16-bit PNGs to import', (v) => Number.parseInt(v, 10), 100)
    .option(
      '--png16-dir <dir>',
      'imaging suite: import the PNGs of this folder (up to --import-count; e.g. gen_png16.py output) instead of generated ones',
    )
    .option('--no-in-thread-import', 'imaging suite: leave out the old in-thread fast-png import row')
    .option(...BACKEND_OPTION)
    .option('--batch-images <n>', 'images for the batch inference figure', (v) => Number.parseInt(v, 10), 6)
    .option('--train-epochs <n>', 'epochs of the run that finds the best validation epoch', (v) => Number.parseInt(v, 10), 20)
    .option('--scale-cases <n>', 'cases in the generated project of the scale figures', (v) => Number.parseInt(v, 10), 10_000)
    .option('--quick', 'smaller networks (256 px, width 0.5) for a fast look')
    .option('--sizes <list>', 'engine suite: the networks to measure, e.g. 384x0.5,640x1 (default 640x1,256x0.5)', benchSizes)
    .option('--no-cpu-baseline', 'engine suite: leave out the pure-JS cpu backend rows')
    .option('--no-checkerboard', 'engine suite: leave out the checkerboard rows')
    .option(
      '--model <dir>',
      'a trained model whose output checkerboard share to measure (repeatable), or the ranking suite ranks with (the first); default the shipped starter',
      collect,
      [],
    )
    .option('--learning-round-epochs <n>', 'epochs of each fine-tuning round of the learning suite', (v) => Number.parseInt(v, 10), 10)
    .option('--learning-fine-tune-lr <rate>', "the learning suite's fine-tuning rate (default: the app's)", positiveRate)
    .addOption(
      new Option('--learning-fine-tune-schedule <s>', "the learning suite's fine-tuning schedule (default: the app's)").choices([
        'constant',
        'cosine',
      ]),
    )
    .action(async (options: BenchOptions) => {
      const all = suites(options);
      // 'all' = the suites that are not a subset of another (checkerboard is in engine) or a long experiment (learning).
      const chosen: Suite[] = options.suite === 'all' ? SUITES.filter((s) => s !== 'checkerboard' && s !== 'learning') : [options.suite];
      for (const suite of chosen) {
        try {
          for await (const record of all[suite]()) print(record, Boolean(options.json));
        } catch (error) {
          // A suite that fails is a figure too: say which and why, and go on with the others.
          print({ name: `${suite}.failed`, value: 0, unit: 'none', config: { reason: (error as Error).message } }, Boolean(options.json));
          process.exitCode = 1;
        }
      }
    });
}
