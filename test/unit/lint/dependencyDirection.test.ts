import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/paths.js';

const eslint = new ESLint({ cwd: repoRoot });

/** Lints a would-be file at `path` and returns the messages of the import rules. */
async function importErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, path) });
  return result!.messages.filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => m.message);
}

describe('lint enforces the dependency direction', () => {
  it('fails a renderer file that imports from electron/', async () => {
    const errors = await importErrors(
      'renderer/src/features/viewer/Bad.ts',
      "import { openCore } from '../../../../electron/core/core.js';\nexport const x = openCore;\n",
    );
    expect(errors.join('\n')).toMatch(/only through the contract/);
  });

  it('fails a renderer feature that calls fetch or the preload bridge directly', async () => {
    const errors = await importErrors('renderer/src/features/Bad.ts', 'export const a = fetch; export const b = window.mammoseg;\n');
    expect(errors).toHaveLength(2);
  });

  it('fails shared/ importing Node, and the core importing electron or TensorFlow.js', async () => {
    expect(await importErrors('shared/domain/Bad.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toHaveLength(1);
    expect(await importErrors('electron/core/Bad.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await importErrors('electron/core/Bad.ts', "import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n")).toHaveLength(1);
  });

  it('fails the core, the host or the CLI loading ONNX Runtime or the converter (engine only)', async () => {
    expect(await importErrors('electron/core/Bad.ts', "import * as ort from 'onnxruntime-node';\nexport const o = ort;\n")).toHaveLength(1);
    expect(await importErrors('electron/cli/Bad.ts', "import { onnx } from 'onnx-proto';\nexport const o = onnx;\n")).toHaveLength(1);
    expect(await importErrors('electron/engine/Good.ts', "import * as ort from 'onnxruntime-node';\nexport const o = ort;\n")).toEqual([]);
  });

  it('allows the renderer to import the contract', async () => {
    expect(await importErrors('renderer/src/features/Good.ts', "import type { ReviewApi } from '../../../shared/contract/api.js';\nexport type A = ReviewApi;\n")).toEqual([]);
  });
});
