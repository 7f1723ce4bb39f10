/**
 * What corrections buy (`mammoseg bench --suite learning`): a model trained on 10 DDSM cases (for
 * all of its epochs), then rounds in which the label maps of 10 more cases arrive as if a reviewer had corrected
 * them, each round fine-tuning the active model on every labelled case the way the app's
 * "Update model" with "all labelled cases" does (trainingRuns, a validation split, the best
 * epoch). After each round: Dice per class on a fixed set of 10 other cases at their own
 * resolution, the area-density error, and the minutes the round's training took.
 *
 * The app's validation rule applies as it is (trainingService, humanLabels): a round's version is
 * scored only on held-out labels a person made or changed (here every label is an imported label
 * map, so all count), and it becomes active only if it beats its parent on that score; the fixed
 * set scores the model a reader would then have, the active one.
 *
 * The fixed set is every sixth image by name (DDSM names start with the density type A-D, so it
 * spans them); the rounds take the others in an order that also cycles through the types.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { densityClasses } from '../../../shared/measure/density.js';
import { verdictOf, verdictText } from '../../../shared/domain/versionVerdict.js';
import type { TrainingRecipe } from '../../core/training/recipe.js';
import { trainingRunsOf } from '../../core/training/trainingRuns.js';
import { densityMae, meanDicePerClass, scoreCases } from '../../core/training/heldOutScore.js';
import type { BenchRecord } from './record.js';
import { importTissueLabels, openTissueProject, readTissueLabels } from './tissueProject.js';

export interface LearningBenchOptions {
  tissueDir: string;
  backend: EnginePreference;
  /** Epochs of each fine-tuning round (the first, from scratch, gets three times as many). */
  roundEpochs: number;
  /** Two rounds of 5 cases at 128 px: a fast look that the pipeline works. */
  quick: boolean;
  /** The fine-tuning rounds' rate and schedule instead of the app's defaults (to compare them). */
  fineTune?: Pick<TrainingRecipe, 'learningRate' | 'schedule'>;
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** Fixed evaluation set and the order the rest arrive in, from the sorted file names. */
export function learningSplit(images: readonly string[], fixedEvery = 6): { fixed: string[]; arrivals: string[] } {
  const fixed = images.filter((_, i) => i % fixedEvery === fixedEvery - 1);
  const rest = images.filter((_, i) => i % fixedEvery !== fixedEvery - 1);
  // Interleave the sorted rest in four strides so each round mixes the name prefixes (density types).
  const stride = Math.ceil(rest.length / 4);
  const arrivals: string[] = [];
  for (let i = 0; i < stride; i++) for (let q = 0; q < 4; q++) if (rest[q * stride + i] !== undefined) arrivals.push(rest[q * stride + i]!);
  return { fixed, arrivals };
}

export async function* runLearningBench(options: LearningBenchOptions): AsyncGenerator<BenchRecord> {
  const labelsDir = join(options.tissueDir, 'labels');
  if (!existsSync(join(options.tissueDir, 'images')) || !existsSync(labelsDir)) {
    yield { name: 'learning.skipped', value: 0, unit: 'none', config: { reason: `${options.tissueDir}/images or labels is absent` } };
    return;
  }
  const project = await openTissueProject(options.tissueDir, options.backend);
  const { core, projectId } = project;
  const staging = mkdtempSync(join(tmpdir(), 'mammoseg-learning-labels-'));
  const step = options.quick ? 5 : 10;
  const rounds = options.quick ? 2 : Number.POSITIVE_INFINITY;
  const size = options.quick ? { inputSize: 128, widthMultiplier: 0.25 } : { inputSize: 256, widthMultiplier: 0.5 };
  try {
    const { fixed, arrivals } = learningSplit(project.images);
    const fixedIds = fixed.map((f) => project.caseOf.get(f)!);
    const labelFiles = new Map(readdirSync(labelsDir).map((f) => [f.replace(/_LI\.png$/, '.png'), f]));
    const classNames = core.projectRepository.get(projectId).labelSchema.map((c) => c.name);
    const density = densityClasses(classNames);
    let labelled = 0;
    for (let r = 0; labelled + step <= arrivals.length && r < rounds; r++) {
      // This round's corrections: their label maps, staged and imported as a reviewer's labels would be stored.
      for (const file of arrivals.slice(labelled, labelled + step)) {
        const label = labelFiles.get(file);
        if (!label) throw new Error(`no label map for ${file} in ${labelsDir}`);
        copyFileSync(join(labelsDir, label), join(staging, label));
      }
      await importTissueLabels(project, staging);
      for (const f of readdirSync(staging)) rmSync(join(staging, f));
      labelled += step;
      const started = performance.now();
      const epochs = r === 0 ? options.roundEpochs * 3 : options.roundEpochs;
      const run = trainingRunsOf(core).start(projectId, {
        allLabelled: true,
        fromScratch: r === 0,
        epochs,
        // Round 0 is the starting point: trained for all its epochs (early stopping on its 3
        // validation images would end a from-scratch run in its noisy first epochs). Later rounds
        // are the app's "Update model" as it is: best validation epoch, patience 4.
        ...(r === 0 ? { patience: epochs } : options.fineTune),
        ...size,
        // Round 0 has no model before it; later rounds are offered only if better, as in the app.
        activate: r === 0 ? true : 'if-better',
      });
      const version = await run.result;
      const active = core.models.active(projectId) ?? version;
      const minutes = (performance.now() - started) / 60_000;
      // The fixed set's labels stay on disk: imported, "all labelled" would train on them.
      const scores = await scoreCases(
        core,
        core.engines().engines[0]!,
        core.models.dirOf(active.id),
        fixedIds,
        classNames.length,
        density,
        (id) => readTissueLabels(join(labelsDir, labelFiles.get(fixed[fixedIds.indexOf(id)]!)!)),
      );
      const dice = meanDicePerClass(scores, classNames.length);
      // The fixed set must never be learnt from: count any of its cases in the run's data (0 expected).
      const ids = (key: string): number[] => {
        const list = version.training?.[key];
        return Array.isArray(list) ? list.map(Number) : [];
      };
      const learntFrom = new Set([...ids('trainCaseIds'), ...ids('validationCaseIds')]);
      const config = {
        round: r,
        labelledCases: labelled,
        fixedCases: fixed.length,
        ...size,
        epochs,
        // As the run recorded them (the app's defaults unless --learning-fine-tune-* changed them).
        learningRate: version.training?.['learningRate'],
        schedule: version.training?.['schedule'] ?? 'constant',
        model: version.version,
        activeModel: active.version,
        verdict: verdictText(verdictOf(version.metrics)),
        learntFrom: learntFrom.size,
        fixedCasesLearntFrom: fixedIds.filter((id) => learntFrom.has(id)).length,
        dice: Object.fromEntries(classNames.map((n, k) => [n, round3(dice[k]!)])),
        densityMaePoints: scores.length ? round3(densityMae(scores) ?? Number.NaN) : null,
      };
      yield {
        name: `learning.round${r}.labelled${labelled}.mean_dice`,
        value: round3(dice.reduce((a, b) => a + b, 0) / dice.length),
        unit: 'Dice (4 labels, fixed set)',
        backend: version.backend ?? 'unknown',
        config,
      };
      yield { name: `learning.round${r}.labelled${labelled}.minutes`, value: round3(minutes), unit: 'min', config: { round: r } };
    }
  } finally {
    await core.engines().close();
    core.close();
    rmSync(staging, { recursive: true, force: true });
    rmSync(project.dir, { recursive: true, force: true });
  }
}
