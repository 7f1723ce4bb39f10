import { Option, type Command } from 'commander';

/**
 * `mammoseg model summary`: every layer with type, output shape, kernel, strides, dilation, so
 * the architecture can be checked against the source from the shell. Builds the network in this
 * process (the engine's code; no weights are trained).
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
    .action(async (o: { json?: boolean; inputSize: number; width: number; classes: number; decoder: 'resize-conv' | 'transposed'; model?: string }) => {
      const { buildModel } = await import('../../engine/model/build.js');
      const { loadModel } = await import('../../engine/model/io.js');
      const { summarizeModel } = await import('../../engine/model/summary.js');
      const net = o.model ? (await loadModel(o.model)).model : buildModel({ inputSize: o.inputSize, widthMultiplier: o.width, numClasses: o.classes, decoder: o.decoder });
      const summary = summarizeModel(net);
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
    });
}
