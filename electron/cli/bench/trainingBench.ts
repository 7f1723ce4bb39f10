/**
 * Training figures on the DDSM tissue data (8 cases: 6 train, 2 validation): seconds per epoch
 * (training steps + validation) at 256 px width 0.5 and at 640 px width 1, and the epoch at which
 * validation Dice peaked in a run at 256/0.5, all through the real engine process.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnginePreference, TrainProgress } from '../../../shared/engine/protocol.js';
import { openCore } from '../../core/core.js';
import { parseValueMapping } from '../../core/labels/formats/labelMap.js';
import { importLabels } from '../../core/labels/import/index.js';
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

const CLASSES = [
  { name: 'background', color: '#000000' },
  { name: 'fatty', color: '#ffd60a' },
  { name: 'fibroglandular', color: '#ff3b30' },
  { name: 'pectoral', color: '#0a84ff' },
];

export async function* runTrainingBench(options: TrainingBenchOptions): AsyncGenerator<BenchRecord> {
  if (!existsSync(join(options.tissueDir, 'images'))) {
    yield { name: 'training.skipped', value: 0, unit: 'none', config: { reason: `${options.tissueDir}/images is absent` } };
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mammoseg-train-bench-'));
  const core = openCore({ dataDir: dir, host: 'browser', backend: options.backend, engines: 1 });
  try {
    const project = core.projects.create('tissue', CLASSES);
    const images = join(options.tissueDir, 'images');
    for (const file of readdirSync(images).sort()) await core.importer.importOne(project.id, file, readFileSync(join(images, file)), null);
    await importLabels(core, {
      from: join(options.tissueDir, 'labels'),
      format: 'label-map',
      mapping: parseValueMapping('64=0,128=1,192=2,255=3'),
      projectId: project.id,
    });
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
