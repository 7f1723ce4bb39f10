import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { EngineClient } from '../../core/engine/engineClient.js';
import { evaluateModel } from '../../core/engine/evaluate.js';
import { formatClickerSummary } from '../../core/clicks/clickerEvaluation.js';
import { parseValueMapping } from '../../core/labels/formats/labelMap.js';
import { densityClasses, type DensityClasses } from '../../../shared/measure/density.js';
import { ProgressBar } from '../progressBar.js';
import { resolveModelArgument } from '../modelArgument.js';
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
  clicks?: number;
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

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError('expected a whole number of clicks, 1-100');
  return n;
}

const pct = (p: number | null | undefined) => (p == null ? '  n/a' : `${p.toFixed(1).padStart(5)}%`);

export async function runEvaluate(options: EvaluateOptions): Promise<number> {
  const model = resolveModelArgument(options.model, options.data, options.project);
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
      options.clicks ?? 0,
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
    if (result.clicker) {
      console.log(`click-guided (the standard clicker, up to ${result.clicker.maxClicks} clicks per image):`);
      for (const line of formatClickerSummary(result.clicker)) console.log(`  ${line}`);
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
    .option(
      '--clicks <n>',
      "a click-guided model: after the automatic prediction, up to n clicks of the standard clicker per image (RITM's: the centre of the largest error region, its true class); Dice after 0/1/3/5/10 clicks, NoC@85/90, time per click",
      positiveInt,
    )
    .option(...DATA_OPTION)
    .option('--project <name>', 'project whose model versions --model names')
    .option(...BACKEND_OPTION)
    .action(async (options: EvaluateOptions) => {
      process.exitCode = await runEvaluate(options);
    });
}
