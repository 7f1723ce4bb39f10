import { withCore } from '../withCore.js';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { EngineClient } from '../../core/engine/engineClient.js';
import { DATA_OPTION, PROJECT_OPTION } from '../options.js';
import { resolveProject } from '../project.js';

/**
 * `mammoseg model summary`: every layer with type, output shape, kernel, strides, dilation, so
 * the architecture can be checked against the source from the shell. An engine process builds or
 * loads the network (TensorFlow.js lives only there; no weights are trained) and answers the summary.
 */
export function registerModel(program: Command): void {
  const model = program.command('model').description('Inspect the segmentation network');
  model
    .command('summary')
    .description('Layer-by-layer summary of the network (or of a saved model folder)')
    .option('--json', 'JSON output')
    .option('--input-size <n>', 'input side in pixels', (v) => Number.parseInt(v, 10), 640)
    .option('--width <w>', 'width multiplier', Number.parseFloat, 1)
    .option('--classes <n>', 'output classes', (v) => Number.parseInt(v, 10), 2)
    .addOption(new Option('--decoder <kind>', 'decoder').choices(['resize-conv', 'transposed']).default('resize-conv'))
    .option('--model <dir>', 'a saved tfjs layers model folder instead')
    .option(...DATA_OPTION)
    .option(...PROJECT_OPTION)
    .addHelpText('after', "\nWith --data (or --project): the active model of that data folder's project.")
    .action(
      async (o: {
        json?: boolean;
        inputSize: number;
        width: number;
        classes: number;
        decoder: 'resize-conv' | 'transposed';
        model?: string;
        data?: string;
        project?: string;
      }) => {
        const modelDir = o.model ? resolve(o.model) : o.data || o.project ? activeModelDir(o.data, o.project) : null;
        if (modelDir instanceof Error) {
          console.error(modelDir.message);
          process.exitCode = 1;
          return;
        }
        // A tfjs engine on the cpu backend: a summary reads layer configs only, no kernels run.
        const engine = new EngineClient('cpu');
        const source = modelDir
          ? { dir: modelDir }
          : { config: { inputSize: o.inputSize, widthMultiplier: o.width, numClasses: o.classes, decoder: o.decoder } };
        const { summary } = await engine.request({ type: 'summary', source }).finally(() => engine.close());
        if (o.json) return console.log(JSON.stringify(summary, null, 2));
        console.log(`${summary.name}: input ${JSON.stringify(summary.inputShape)} -> output ${JSON.stringify(summary.outputShape)}`);
        for (const l of summary.layers) {
          const extra = [
            l.kernelSize && `kernel ${l.kernelSize.join('x')}`,
            l.strides && `stride ${l.strides.join('x')}`,
            l.dilation && l.dilation.some((d) => d > 1) && `dilation ${l.dilation.join('x')}`,
            l.interpolation && `${l.interpolation} x${l.size?.join('x')}`,
            l.activation && l.activation !== 'linear' && l.activation,
          ].filter(Boolean);
          console.log(`  ${l.name.padEnd(24)} ${l.type.padEnd(16)} ${JSON.stringify(l.outputShape).padEnd(16)} ${extra.join(', ')}`);
        }
      },
    );
}

/** The folder of the project's active model in a data folder, or why there is none. */
function activeModelDir(data: string | undefined, projectName: string | undefined): string | Error {
  return withCore({ data }, (core) => {
    try {
      const project = resolveProject(core, projectName);
      const active = core.models.active(project.id);
      if (!active) return new Error(`project "${project.name}" has no model yet: segment or train makes its first one`);
      return core.models.dirOf(active.id);
    } catch (error) {
      return error as Error;
    }
  });
}
