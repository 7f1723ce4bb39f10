import type { Command } from 'commander';
import type { EpochMetrics } from '../../../shared/domain/trainingRecord.js';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { openCore } from '../../core/core.js';
import { trainingRunsOf } from '../../core/training/trainingRuns.js';
import { crossValidate, formatCrossValidation } from '../../core/training/crossValidation.js';
import { labelledCaseIds } from '../../core/training/labelledCases.js';
import { resolveDataDir } from '../dataDir.js';
import { ProgressBar, formatSeconds } from '../progressBar.js';
import { resolveProject } from '../project.js';
import { DATA_OPTION, PROJECT_OPTION, BACKEND_OPTION, int } from '../options.js';

interface TrainCommandOptions {
  data?: string;
  project?: string;
  backend: EnginePreference;
  fromScratch?: boolean;
  epochs: number;
  batch?: number;
  lr: number;
  dice: number;
  patience: number;
  augment: boolean;
  inputSize?: number;
  width?: number;
  activate?: boolean;
  allLabelled?: boolean;
  cv?: number;
}

const fmt = (m: EpochMetrics) => `val Dice ${m.meanDice.toFixed(3)} [${m.dice.map((d) => d.toFixed(2)).join(' ')}]`;

export async function runTrain(options: TrainCommandOptions): Promise<number> {
  if (options.cv !== undefined) return runCrossValidation(options);
  const core = openCore({ dataDir: resolveDataDir(options.data), host: 'browser', backend: options.backend, engines: 1 });
  const bar = new ProgressBar(process.stderr, 'Training');
  try {
    const project = resolveProject(core, options.project);
    // The same service as the app's "Update model": the same case choice, guards and events.
    const runs = trainingRunsOf(core);
    const run = runs.start(project.id, {
      allLabelled: options.allLabelled ?? false,
      fromScratch: options.fromScratch ?? false,
      epochs: options.epochs,
      ...(options.batch ? { batchSize: options.batch } : {}),
      learningRate: options.lr,
      diceWeight: options.dice,
      patience: options.patience,
      augment: options.augment,
      activate: options.activate ?? false,
      ...(options.inputSize ? { inputSize: options.inputSize } : {}),
      ...(options.width ? { widthMultiplier: options.width } : {}),
      onProgress: (p) => {
        if (p.metrics) {
          bar.finish();
          console.error(
            p.epoch === 0
              ? `parent model: ${fmt(p.metrics)}`
              : `epoch ${p.epoch}/${p.epochs}: loss ${p.metrics.loss.toFixed(4)}, ${fmt(p.metrics)}`,
          );
        } else {
          bar.update(
            p.step,
            p.steps,
            `epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)} ETA ${p.etaS === null ? '--' : formatSeconds(p.etaS)}`,
          );
        }
      },
    });
    const stop = () => {
      console.error('cancelling: the previous model stays active');
      runs.cancel(run.runId);
    };
    process.once('SIGINT', stop);
    const version = await run.result.finally(() => process.off('SIGINT', stop));
    const metrics = version.metrics;
    if (!metrics) throw new Error(`model ${version.version} was registered without its training metrics`);
    console.log(
      `Model ${version.version} (parent ${metrics.parent ? 'Dice ' + metrics.parent.meanDice.toFixed(3) : 'none'}): best epoch ${metrics.best.epoch}, ${fmt(metrics.best)}` +
        `${metrics.stoppedEarly ? ', stopped early' : ''}, ${version.durationS?.toFixed(0)} s on ${version.backend}${options.activate ? ', now active' : ' (activate it with --activate or in the app)'}`,
    );
    return 0;
  } catch (error) {
    bar.finish();
    console.error(`Training failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await core.engines().close();
    core.close();
  }
}

/** `--cv K`: K fold models on the same cases `train` would use; prints figures, registers nothing. */
async function runCrossValidation(options: TrainCommandOptions): Promise<number> {
  const core = openCore({ dataDir: resolveDataDir(options.data), host: 'browser', backend: options.backend, engines: 1 });
  const bar = new ProgressBar(process.stderr, 'Cross-validating');
  let cancelled = false;
  const stop = () => {
    cancelled = true;
    console.error('cancelling: stopping the engine (no model version is made either way)');
    void core.engines().close();
  };
  process.once('SIGINT', stop);
  try {
    const project = resolveProject(core, options.project);
    const caseIds = options.allLabelled ? labelledCaseIds(core, project.id) : core.reviews.queue(project.id).caseIds;
    const result = await crossValidate(core, project.id, {
      folds: options.cv!,
      caseIds,
      fromScratch: options.fromScratch ?? false,
      epochs: options.epochs,
      ...(options.batch ? { batchSize: options.batch } : {}),
      learningRate: options.lr,
      diceWeight: options.dice,
      patience: options.patience,
      augment: options.augment,
      ...(options.inputSize ? { inputSize: options.inputSize } : {}),
      ...(options.width ? { widthMultiplier: options.width } : {}),
      onProgress: (fold, p) => {
        if (p.metrics) {
          bar.finish();
          if (p.epoch > 0)
            console.error(`fold ${fold}/${options.cv} epoch ${p.epoch}/${p.epochs}: loss ${p.metrics.loss.toFixed(4)}, ${fmt(p.metrics)}`);
        } else {
          bar.update(p.step, p.steps, `fold ${fold}/${options.cv} epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)}`);
        }
      },
    });
    bar.finish();
    for (const line of formatCrossValidation(
      result,
      project.labelSchema.map((c) => c.name),
    ))
      console.log(line);
    return 0;
  } catch (error) {
    bar.finish();
    console.error(cancelled ? 'Cross-validation cancelled' : `Cross-validation failed: ${(error as Error).message}`);
    return 1;
  } finally {
    process.off('SIGINT', stop);
    await core.engines().close();
    core.close();
  }
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Fine-tune the active model on the queued labels (or train from scratch); makes a new model version')
    .option(...DATA_OPTION)
    .option(...PROJECT_OPTION)
    .option(...BACKEND_OPTION)
    .option('--from-scratch', 'start from random weights instead of the active model')
    .option('--epochs <n>', 'most epochs', int, 20)
    .option('--batch <n>', 'batch size (default 2; 1 from 512 px up, as wasm has 4 GB)', int)
    .option('--lr <x>', 'Adam learning rate', Number.parseFloat, 1e-3)
    .option('--dice <w>', 'weight of the soft Dice term (small lesions)', Number.parseFloat, 0.5)
    .option('--patience <n>', 'early stopping: epochs without a better validation Dice', int, 4)
    .option('--no-augment', 'no flips, shifts or intensity jitter')
    .option('--input-size <n>', 'input size of a new model', int)
    .option('--width <w>', 'width multiplier of a new model', Number.parseFloat)
    .option('--activate', 'make the new version the active model')
    .option('--all-labelled', 'learn from every case whose latest label is human-made or imported, not only the queue')
    .option(
      '--cv <k>',
      'patient-level k-fold cross-validation instead: per-fold and mean ± sd Dice, and the epoch count it suggests; makes no version',
      int,
    )
    .addHelpText('after', '\nCtrl+C cancels: no version is made and the previous model stays active.')
    .action(async (options: TrainCommandOptions) => {
      process.exitCode = await runTrain(options);
    });
}
