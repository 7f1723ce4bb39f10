import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { EngineClient } from '../../core/engine/engineClient.js';
import { modelGrid } from '../../core/engine/modelGrid.js';
import { answerRefineLine, refineContext } from '../../core/clicks/refineRequests.js';
import { densityClasses } from '../../../shared/measure/density.js';
import { resolveModelArgument } from '../modelArgument.js';
import { BACKEND_OPTION, DATA_OPTION } from '../options.js';

interface RefineOptions {
  model: string;
  data?: string;
  project?: string;
  backend: EnginePreference;
}

export interface RefineIo {
  input: Readable;
  /** One answer line (JSON, no newline). */
  answer: (line: string) => void;
}

/**
 * Serves refine requests from `input` until it ends, one answer line each, in order; the model
 * stays loaded and the last image's preprocessing is kept between lines. Exit 0 when the input
 * ended (bad requests are answered, not fatal); 1 when the model cannot be used at all.
 */
export async function runRefine(
  options: RefineOptions,
  io: RefineIo = { input: process.stdin, answer: (line) => process.stdout.write(`${line}\n`) },
): Promise<number> {
  const model = resolveModelArgument(options.model, options.data, options.project);
  const engine = new EngineClient(options.backend);
  try {
    await engine.start();
    const tissue = model.classNames ? densityClasses(model.classNames) : null;
    const ctx = refineContext(engine, model.dir, model.numClasses, modelGrid(model.dir), tissue);
    const lines = createInterface({ input: io.input, crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      io.answer(JSON.stringify(await answerRefineLine(line, ctx)));
    }
    return 0;
  } finally {
    await engine.close();
  }
}

export function registerRefine(program: Command): void {
  program
    .command('refine')
    .description(
      'click-guided segmentation for scripts: reads JSON lines on stdin, {"image": "/abs/path.png", "clicks": [{"x": 120, "y": 340, "class": 2}], "out": "/abs/mask.png"} ' +
        "(x, y in the image's pixels, origin top left; class = the model's class index), writes a label-index PNG (8-bit grey, value = class, full size) to out " +
        'and prints {"ok": true, "ms": N} or {"ok": false, "error": "..."} per line',
    )
    .requiredOption(
      '--model <version|dir>',
      'a model version of the project, or a folder with a tfjs layers model (click-guided for clicks)',
    )
    .option(...DATA_OPTION)
    .option('--project <name>', 'project whose model versions --model names')
    .option(...BACKEND_OPTION)
    .action(async (options: RefineOptions) => {
      process.exitCode = await runRefine(options);
    });
}
