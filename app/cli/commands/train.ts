import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { EpochMetrics } from '../../../shared/domain/trainingRecord.js';
import { TRAINING_DEFAULTS, TrainingSettingsSchema, type TrainingSettings } from '../../../shared/domain/trainingSettings.js';
import { tooFewMessage, verdictOf, verdictText } from '../../../shared/domain/versionVerdict.js';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { openCore } from '../../core/core.js';
import { trainingRunsOf } from '../../core/training/trainingRuns.js';
import { combineFolds, crossValidate, formatCrossValidation, type CrossValidationResult } from '../../core/training/crossValidation.js';
import { labelledCaseIds } from '../../core/training/labelledCases.js';
import type { TrainingRecipe } from '../../core/training/recipe.js';
import { resolveDataDir } from '../dataDir.js';
import { ProgressBar, formatSeconds } from '../progressBar.js';
import { resolveProject } from '../project.js';
import { newModelCliOptions, newModelRecipe } from '../modelOptions.js';
import { DATA_OPTION, PROJECT_OPTION, BACKEND_OPTION, int } from '../options.js';

/** The parsed command line; a new model's fields (NEW_MODEL_OPTIONS) ride under their flags' names. */
interface TrainCommandOptions extends Record<string, unknown> {
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
  activate?: boolean;
  allLabelled?: boolean;
  cv?: number;
  cvFolds?: number[];
  cvCombine?: string[];
  cvKeepModels?: string;
  cvClicks?: number;
  cvJson?: string;
  holdOut: boolean;
  clickProbability?: number;
  augmentation?: TrainingSettings['augmentation'];
  overlap?: TrainingSettings['overlap'];
  classWeights?: number[];
  schedule?: TrainingSettings['schedule'];
  keep?: TrainingSettings['keep'];
  trainer?: TrainingSettings['trainer'];
}

/** The training settings' fields: their choices for the options below. */
const SETTINGS = TrainingSettingsSchema.shape;

/** The recipe fields the command line sets (shared by a run and a cross-validation). */
function recipeOf(options: TrainCommandOptions): TrainingRecipe {
  return {
    fromScratch: options.fromScratch ?? false,
    epochs: options.epochs,
    ...(options.batch ? { batchSize: options.batch } : {}),
    learningRate: options.lr,
    diceWeight: options.dice,
    patience: options.patience,
    augment: options.augment,
    ...newModelRecipe(options),
    ...(options.clickProbability !== undefined ? { clickProbability: options.clickProbability } : {}),
    ...(options.augmentation ? { augmentation: options.augmentation } : {}),
    ...(options.overlap ? { overlap: options.overlap } : {}),
    ...(options.classWeights ? { classWeights: options.classWeights } : {}),
    ...(options.schedule ? { schedule: options.schedule } : {}),
    ...(options.keep ? { keep: options.keep } : {}),
    ...(options.trainer ? { trainer: options.trainer } : {}),
  };
}

const fmt = (m: EpochMetrics, on = 'val') => `${on} Dice ${m.meanDice.toFixed(3)} [${m.dice.map((d) => d.toFixed(2)).join(' ')}]`;

export async function runTrain(options: TrainCommandOptions): Promise<number> {
  if (options.cvCombine) return combineCrossValidation(options.cvCombine, options.cvJson);
  if (options.cv !== undefined) return runCrossValidation(options);
  const core = openCore({ dataDir: resolveDataDir(options.data), clientPaths: 'allowed', backend: options.backend, engines: 1 });
  const bar = new ProgressBar(process.stderr, 'Training');
  // Without a hold-out every figure is on the training cases: say so on every line.
  let on = options.holdOut ? 'val' : 'training';
  try {
    const project = resolveProject(core, options.project);
    // The same service as the app's "Update model": the same case choice, guards and events.
    const runs = trainingRunsOf(core);
    const run = runs.start(project.id, {
      ...recipeOf(options),
      allLabelled: options.allLabelled ?? false,
      holdOut: options.holdOut,
      // The app's rule: a version that does not beat its parent on held-out human labels is not made active.
      activate: options.activate ? 'if-better' : false,
      onProgress: (p) => {
        if (p.metrics) {
          bar.finish();
          console.error(
            p.epoch === 0
              ? `parent model: ${fmt(p.metrics, on)}`
              : `epoch ${p.epoch}/${p.epochs}: loss ${p.metrics.loss.toFixed(4)}, ${fmt(p.metrics, on)}`,
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
    if (run.scoring.status === 'too-few' && options.holdOut) {
      on = 'training';
      console.error(`${tooFewMessage(run.scoring.corrected, run.scoring.needed)}: training on all ${run.cases} cases, none held out`);
    }
    const stop = () => {
      console.error('cancelling: the previous model stays active');
      runs.cancel(run.runId);
    };
    process.once('SIGINT', stop);
    const version = await run.result.finally(() => process.off('SIGINT', stop));
    const metrics = version.metrics;
    if (!metrics) throw new Error(`model ${version.version} was registered without its training metrics`);
    const verdict = verdictOf(metrics);
    const activation = version.active
      ? ', now active'
      : options.activate
        ? `, not activated: ${verdict.kind === 'scored' ? 'it does not beat its parent' : 'it has no score to beat its parent with'}`
        : ' (activate it with --activate or in the app)';
    if (verdict.kind === 'too-few') {
      // No number: figures on the training cases (or on accepted predictions) would read as a score.
      console.error('no case was held out: too few labels made or changed by a person');
      console.log(
        `Model ${version.version}: ${verdictText(verdict)}; last epoch ${metrics.best.epoch}${metrics.stoppedEarly ? ', stopped early' : ''}, ${version.durationS?.toFixed(0)} s on ${version.backend}${activation}`,
      );
      return 0;
    }
    if (metrics.validatedOn === 'training')
      console.error("no case was held out: the Dice above is on the training cases (the recipe's estimate is its --cv figure)");
    console.log(
      `Model ${version.version} (parent ${metrics.parent ? 'Dice ' + metrics.parent.meanDice.toFixed(3) : 'none'}): ${on === 'val' ? 'best' : 'last'} epoch ${metrics.best.epoch}, ${fmt(metrics.best, on)}` +
        `${verdict.kind === 'scored' ? (verdict.better ? ', better than its parent' : ', not better than its parent') : ''}` +
        `${metrics.stoppedEarly ? ', stopped early' : ''}, ${version.durationS?.toFixed(0)} s on ${version.backend}${activation}`,
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

/** `--cv-combine a.json b.json`: one summary of fold runs of the same recipe and K (e.g. fold 1 as an ablation row, then 2-5). */
function combineCrossValidation(files: string[], out: string | undefined): number {
  try {
    const runs = files.map((f) => {
      try {
        const run = JSON.parse(readFileSync(f, 'utf8')) as CrossValidationResult & { recipe: TrainingRecipe; classNames?: string[] };
        if (!Array.isArray(run.folds) || !Array.isArray(run.dice) || typeof run.k !== 'number')
          throw new Error('not a train --cv-json file');
        return run;
      } catch (error) {
        throw new Error(`${f}: ${(error as Error).message}`);
      }
    });
    const first = runs[0]!;
    for (const [i, run] of runs.entries()) {
      if (run.k !== first.k || JSON.stringify(run.recipe) !== JSON.stringify(first.recipe))
        throw new Error(`${files[i]} is another recipe or K than ${files[0]}: only folds of one cross-validation combine`);
    }
    const numClasses = first.dice.length;
    const result = combineFolds(
      runs.flatMap((r) => r.folds),
      first.k,
      numClasses,
      first.fromScratch,
      runs.every((r) => r.densityMae !== null),
    );
    for (const line of formatCrossValidation(result, first.classNames ?? [])) console.log(line);
    if (out) writeFileSync(out, JSON.stringify({ recipe: first.recipe, classNames: first.classNames, ...result }, null, 2) + '\n');
    return 0;
  } catch (error) {
    console.error(`Combining cross-validation runs failed: ${(error as Error).message}`);
    return 1;
  }
}

/** `--cv K`: K fold models on the same cases `train` would use; prints figures, registers nothing. */
async function runCrossValidation(options: TrainCommandOptions): Promise<number> {
  const core = openCore({ dataDir: resolveDataDir(options.data), clientPaths: 'allowed', backend: options.backend, engines: 1 });
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
    const caseIds = options.allLabelled ? labelledCaseIds(core, project.id) : core.reviewRepository.queue(project.id).caseIds;
    const result = await crossValidate(core, project.id, {
      ...recipeOf(options),
      folds: options.cv!,
      ...(options.cvFolds ? { onlyFolds: options.cvFolds } : {}),
      ...(options.cvKeepModels ? { keepModelsIn: options.cvKeepModels } : {}),
      ...(options.cvClicks !== undefined ? { clicks: options.cvClicks } : {}),
      caseIds,
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
    if (options.cvJson)
      writeFileSync(
        options.cvJson,
        JSON.stringify({ recipe: recipeOf(options), classNames: project.labelSchema.map((c) => c.name), ...result }, null, 2) + '\n',
      );
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

/** "2-5" or "1,3" -> [2, 3, 4, 5] / [1, 3]. */
function foldList(value: string): number[] {
  const folds = value.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map((x) => Number.parseInt(x, 10));
    if (!Number.isInteger(a) || (b !== undefined && !Number.isInteger(b)))
      throw new Error(`--cv-folds wants e.g. 1, 2-5 or 1,3; got "${value}"`);
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
  return [...new Set(folds)].sort((x, y) => x - y);
}

function classWeights(value: string): number[] {
  const weights = value.split(',').map(Number);
  if (!weights.every((w) => Number.isFinite(w) && w > 0))
    throw new Error(`--class-weights wants positive numbers, e.g. 1,1,2,1; got "${value}"`);
  return weights;
}

export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .description('Fine-tune the active model on the queued labels (or train from scratch); makes a new model version')
    .option(...DATA_OPTION)
    .option(...PROJECT_OPTION)
    .option(...BACKEND_OPTION)
    .option('--from-scratch', 'start from random weights instead of the active model')
    .option('--epochs <n>', 'most epochs', int, TRAINING_DEFAULTS.epochs)
    .option('--batch <n>', 'batch size (default 2; 1 from 512 px up, as wasm has 4 GB)', int)
    .option('--lr <x>', 'Adam learning rate', Number.parseFloat, TRAINING_DEFAULTS.learningRate)
    .option('--dice <w>', 'weight of the soft Dice term (small lesions)', Number.parseFloat, TRAINING_DEFAULTS.diceWeight)
    .option('--patience <n>', 'early stopping: epochs without a better validation Dice', int, TRAINING_DEFAULTS.patience)
    .option('--no-augment', 'no flips, shifts or intensity jitter')
    .addOption(
      new Option('--augmentation <kind>', 'basic: flips, shifts, 10% gain/gamma; mammo: + rotation, scale, film/digital gamma and contrast')
        .choices(SETTINGS.augmentation.unwrap().options)
        .default('basic'),
    )
    .addOption(
      new Option('--overlap <loss>', 'overlap term added to cross-entropy: soft Dice or Tversky (0.3/0.7)')
        .choices(SETTINGS.overlap.unwrap().options)
        .default('dice'),
    )
    .option('--class-weights <w,...>', 'cross-entropy weight per class, e.g. 1,1,2,1', classWeights)
    .addOption(
      new Option(
        '--trainer <kind>',
        "training runtime: ONNX Runtime's training graph or tfjs (default: ONNX Runtime with --backend auto, else tfjs)",
      ).choices(SETTINGS.trainer.unwrap().options),
    )
    .addOption(
      new Option('--schedule <s>', 'learning rate per epoch: constant, or cosine decay to 5%')
        .choices(SETTINGS.schedule.unwrap().options)
        .default('constant'),
    )
    .addOption(
      new Option('--keep <which>', 'best: the best validation epoch, early stopping; last: the last epoch of a fixed run')
        .choices(SETTINGS.keep.unwrap().options)
        .default('best'),
    )
    .option('--no-hold-out', 'learn from every case (no validation split; implies --keep last): the final run after --cv chose the epochs');
  for (const option of newModelCliOptions()) command.addOption(option);
  command
    .option(
      '--click-probability <p>',
      'click-guided models: the share of training samples given simulated clicks (default 0.4)',
      Number.parseFloat,
    )
    .option('--activate', 'make the new version the active model if it beats its parent on held-out human labels')
    .option('--all-labelled', 'learn from every case whose latest label is human-made or imported, not only the queue')
    .option(
      '--cv <k>',
      'patient-level k-fold cross-validation instead: per-fold and mean ± sd Dice, and the epoch count it suggests; makes no version',
      int,
    )
    .option('--cv-folds <list>', 'with --cv K: run only these folds, e.g. 1 (a quicker ablation row) or 2-5', foldList)
    .option('--cv-keep-models <dir>', "with --cv: keep each fold's model in <dir>/fold-N (e.g. for bench --suite checkerboard --model)")
    .option(
      '--cv-clicks <n>',
      'with --cv: clicks of the standard clicker per held-out case (Dice after 0/1/3/5/10 clicks, NoC@85/90); default 10 for a click-guided network, 0 skips',
      (v) => Number.parseInt(v, 10),
    )
    .option('--cv-combine <files...>', 'print the summary of --cv-json files of one recipe run over different folds, and exit')
    .option('--cv-json <file>', 'with --cv: also write the figures as JSON')
    .addHelpText('after', '\nCtrl+C cancels: no version is made and the previous model stays active.')
    .action(async (options: TrainCommandOptions) => {
      process.exitCode = await runTrain(options);
    });
}
