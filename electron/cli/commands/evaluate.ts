import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { openCore } from '../../core/core.js';
import { EngineClient } from '../../core/engine/engineClient.js';
import { evaluateModel } from '../../core/engine/evaluate.js';
import { readModelConfig } from '../../core/engine/modelGrid.js';
import { parseValueMapping } from '../../core/labels/formats/labelMap.js';
import { TISSUE_LABEL_SCHEMA } from '../../../shared/domain/projectTemplates.js';
import { densityClasses, type DensityClasses } from '../../../shared/measure/density.js';
import { resolveDataDir } from '../dataDir.js';
import { ProgressBar } from '../progressBar.js';
import { resolveProject } from '../project.js';
import { DATA_OPTION, BACKEND_OPTION } from '../options.js';

interface EvaluateOptions {
  model: string;
  images: string;
  labels: string;
  map?: string;
  json?: boolean;
  density?: string;
  data?: string;
  project?: string;
  backend: EnginePreference;
}

/** A model folder (tfjs layers) or a version name in the data folder's registry. */
function modelDir(options: EvaluateOptions): { dir: string; numClasses: number; name: string; classNames: string[] | null } {
  const folder = resolve(options.model);
  if (existsSync(join(folder, 'model.json'))) {
    const { numClasses } = readModelConfig(folder);
    // A bare folder names no classes; 4 are taken to be the starter's tissue classes.
    return {
      dir: folder,
      numClasses,
      name: folder,
      classNames: numClasses === TISSUE_LABEL_SCHEMA.length ? TISSUE_LABEL_SCHEMA.map((c) => c.name) : null,
    };
  }
  const core = openCore({ dataDir: resolveDataDir(options.data), host: 'browser' });
  try {
    const project = resolveProject(core, options.project);
    const version = core.models.list(project.id).find((m) => m.version === options.model);
    if (!version)
      throw new Error(
        `no model "${options.model}": give a model folder or one of ${
          core.models
            .list(project.id)
            .map((m) => m.version)
            .join(', ') || '(no versions yet)'
        }`,
      );
    return {
      dir: core.models.dirOf(version.id),
      numClasses: Number(version.config.numClasses),
      name: version.version,
      classNames: project.labelSchema.map((c) => c.name),
    };
  } finally {
    core.close();
  }
}

/** `--density F,P` (class indexes), else found by class name (shared/measure/density.ts). */
function densityOf(options: EvaluateOptions, classNames: string[] | null): DensityClasses | null {
  if (options.density === 'off') return null;
  if (options.density) {
    const [fibroglandular, pectoral] = options.density.split(',').map(Number);
    if (!Number.isInteger(fibroglandular) || !Number.isInteger(pectoral))
      throw new Error(`--density wants two class indexes, e.g. 2,3; got "${options.density}"`);
    return { fibroglandular: fibroglandular!, pectoral: pectoral! };
  }
  return classNames ? densityClasses(classNames) : null;
}

const pct = (p: number | null | undefined) => (p == null ? '  n/a' : `${p.toFixed(1).padStart(5)}%`);

export async function runEvaluate(options: EvaluateOptions): Promise<number> {
  const model = modelDir(options);
  const density = densityOf(options, model.classNames);
  const mapping = options.map ? parseValueMapping(options.map) : new Map<number, number>();
  const engine = new EngineClient(options.backend);
  const bar = new ProgressBar(process.stderr, 'Evaluating');
  try {
    const result = await evaluateModel(
      engine,
      model.dir,
      resolve(options.images),
      resolve(options.labels),
      mapping,
      model.numClasses,
      (d, t) => bar.update(d, t),
      density,
    );
    bar.finish();
    if (options.json) {
      console.log(JSON.stringify({ model: model.name, ...result }, null, 2));
      return 0;
    }
    for (const s of result.images) {
      const d = s.density ? `  density ${pct(s.density.predicted)} predicted, ${pct(s.density.labelled)} labelled` : '';
      console.log(
        `${s.image.padEnd(32)} ${s.classes.map((c) => `${c.classIndex}: Dice ${c.dice.toFixed(3)} IoU ${c.iou.toFixed(3)}`).join('  ')}${d}`,
      );
    }
    console.log(
      `${'mean'.padEnd(32)} ${result.mean.map((c) => `${c.classIndex}: Dice ${c.dice.toFixed(3)} IoU ${c.iou.toFixed(3)}`).join('  ')}`,
    );
    if (density) {
      console.log(
        `density (fibroglandular / breast, pectoral excluded; classes ${density.fibroglandular}, ${density.pectoral}): ` +
          (result.densityMae === null
            ? 'no image with breast in both masks'
            : `mean absolute error ${result.densityMae.toFixed(1)} percentage points`),
      );
    }
    for (const u of result.unmatched) console.error(`no label file for ${u}`);
    return 0;
  } finally {
    await engine.close();
  }
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('Dice and IoU per class and per image of a model against label maps on disk (nothing is imported)')
    .requiredOption('--model <version|dir>', 'a model version of the project, or a folder with a tfjs layers model')
    .requiredOption('--images <dir>', 'images')
    .requiredOption('--labels <dir>', 'label maps, matched by name (a suffix such as _LI is allowed)')
    .option('--map <spec>', 'label value to class, e.g. "64=0,128=1,192=2,255=3" (default: values are classes)')
    .option('--json', 'per-image and mean figures as JSON')
    .option(
      '--density <f,p|off>',
      'fibroglandular and pectoral class indexes for the area density (default: by class name; a 4-class model folder: 2,3)',
    )
    .option(...DATA_OPTION)
    .option('--project <name>', 'project whose model versions --model names')
    .option(...BACKEND_OPTION)
    .action(async (options: EvaluateOptions) => {
      process.exitCode = await runEvaluate(options);
    });
}
