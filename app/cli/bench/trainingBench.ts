/**
 * Training figures on the DDSM tissue data (all of it: 60 cases, a quarter for validation): seconds per epoch
 * (training steps + validation) at 256 px width 0.5 and at 640 px width 1, and the epoch at which
 * validation Dice peaked in a run at 256/0.5, all through the real engine process.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EnginePreference, TrainProgress } from '../../../shared/engine/protocol.js';
import { importTissueLabels, openTissueProject } from './tissueProject.js';
import { labelledCaseIds } from '../../core/training/labelledCases.js';
import { startTraining } from '../../core/training/trainingService.js';
import type { BenchRecord } from './record.js';

export interface TrainingBenchOptions {
  tissueDir: string;
  backend: EnginePreference;
  /** Epochs of the run that measures epochs-to-best. */
  epochs: number;
  /** Skip the slow 640 x1 epoch. */
  quick: boolean;
}

export async function* runTrainingBench(options: TrainingBenchOptions): AsyncGenerator<BenchRecord> {
  if (!existsSync(join(options.tissueDir, 'images'))) {
    yield { name: 'training.skipped', value: 0, unit: 'none', config: { reason: `${options.tissueDir}/images is absent` } };
    return;
  }
  const tissue = await openTissueProject(options.tissueDir, options.backend);
  const { core, dir } = tissue;
  const project = { id: tissue.projectId };
  try {
    await importTissueLabels(tissue, join(options.tissueDir, 'labels'));
    const caseIds = labelledCaseIds(core, project.id);
    const sizes = options.quick
      ? [{ inputSize: 256, widthMultiplier: 0.5 }]
      : [
          { inputSize: 256, widthMultiplier: 0.5 },
          { inputSize: 640, widthMultiplier: 1 },
        ];
    let backend = 'unknown';
    for (const size of sizes) {
      const epochs = size.inputSize === 640 ? 1 : 2;
      const epochEnds: number[] = [];
      let started = 0;
      const run = startTraining(core, project.id, {
        caseIds,
        fromScratch: true,
        epochs,
        batchSize: size.inputSize >= 512 ? 1 : 2,
        patience: 99,
        ...size,
        onProgress: (p: TrainProgress) => {
          if (p.metrics && p.epoch === 0) started = performance.now();
          else if (p.metrics) epochEnds.push(performance.now());
        },
      });
      const version = await run.result;
      backend = version.backend ?? backend;
      const durations = epochEnds.map((t, i) => t - (i === 0 ? started : epochEnds[i - 1]!));
      const perEpoch = durations.reduce((a, b) => a + b, 0) / Math.max(1, durations.length) / 1000;
      yield {
        name: `training.seconds_per_epoch_${size.inputSize}_w${size.widthMultiplier}`,
        value: round(perEpoch),
        unit: 's',
        backend,
        config: { ...size, cases: caseIds.length, batch: size.inputSize >= 512 ? 1 : 2, epochsTimed: durations.length },
      };
    }
    const run = startTraining(core, project.id, {
      caseIds,
      fromScratch: true,
      epochs: options.epochs,
      batchSize: 2,
      patience: options.epochs,
      inputSize: 256,
      widthMultiplier: 0.5,
    });
    const version = await run.result;
    const metrics = version.metrics as { best: { epoch: number; meanDice: number }; parent: { meanDice: number } };
    const config = { inputSize: 256, widthMultiplier: 0.5, epochs: options.epochs, cases: caseIds.length };
    yield { name: 'training.epochs_to_best_validation_dice', value: metrics.best.epoch, unit: 'epochs', backend, config };
    yield {
      name: 'training.best_validation_dice',
      value: round(metrics.best.meanDice),
      unit: 'Dice',
      backend,
      config: { ...config, untrained: round(metrics.parent.meanDice) },
    };
  } finally {
    await core.engines().close();
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
