import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../core/version.js';
import { registerAgreement } from './commands/agreement.js';
import { registerBatch } from './commands/batch.js';
import { registerBench } from './commands/bench.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerRefine } from './commands/refine.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerImportLabels } from './commands/importLabels.js';
import { registerInfo } from './commands/info.js';
import { registerInspect } from './commands/inspect.js';
import { registerModel } from './commands/model.js';
import { registerPacs } from './commands/pacs.js';
import { registerProjects } from './commands/projects.js';
import { registerSegment } from './commands/segment.js';
import { registerTrain } from './commands/train.js';
import { registerServe } from './commands/serve.js';

export function buildProgram(): Command {
  const program = new Command('mammoseg')
    .description('MammoSeg: review and correct AI segmentations of mammograms')
    .version(APP_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerImport(program);
  registerInspect(program);
  registerImportLabels(program);
  registerExport(program);
  registerSegment(program);
  registerBatch(program);
  registerModel(program);
  registerTrain(program);
  registerEvaluate(program);
  registerRefine(program);
  registerInfo(program);
  registerProjects(program);
  registerBench(program);
  registerPacs(program);
  registerAgreement(program);
  return program;
}

/** Runs the CLI; usage errors exit 2, as the import command's help promises. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const helpOrVersion = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      process.exitCode = helpOrVersion ? 0 : 2;
      return;
    }
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
