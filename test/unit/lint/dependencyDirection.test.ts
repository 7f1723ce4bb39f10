import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/paths.js';

// Would-be files are in no tsconfig, so the import checks lint them without type information;
// the type-aware rules are checked on the text of a file the core's project does include.
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/switch-exhaustiveness-check': 'off' },
  },
});
const typedEslint = new ESLint({ cwd: repoRoot });

/** Lints a would-be file at `path` and returns every message with its rule. */
async function lintErrors(path: string, code: string, linter = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: join(repoRoot, path) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

/** Lints a would-be file at `path` and returns the messages of the import rules. */
async function importErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, path) });
  return result!.messages.filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => m.message);
}

describe('lint enforces the dependency direction', () => {
  it('fails a renderer file that imports from electron/', async () => {
    const errors = await importErrors(
      'renderer/src/features/viewer/Bad.ts',
      "import { openCore } from '../../../../app/core/core.js';\nexport const x = openCore;\n",
    );
    expect(errors.join('\n')).toMatch(/only through the contract/);
  });

  it('fails a renderer feature that calls fetch or the preload bridge directly', async () => {
    const errors = await importErrors('renderer/src/features/Bad.ts', 'export const a = fetch; export const b = window.mammoseg;\n');
    expect(errors).toHaveLength(2);
  });

  it('fails shared/ importing Node, and the core importing electron or TensorFlow.js', async () => {
    expect(
      await importErrors('shared/domain/Bad.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"),
    ).toHaveLength(1);
    expect(await importErrors('app/core/Bad.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await importErrors('app/core/Bad.ts', "import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n")).toHaveLength(1);
  });

  it('fails the core, the host or the CLI loading ONNX Runtime or the converter (engine only)', async () => {
    expect(await importErrors('app/core/Bad.ts', "import * as ort from 'onnxruntime-node';\nexport const o = ort;\n")).toHaveLength(1);
    expect(await importErrors('app/cli/Bad.ts', "import { onnx } from 'onnx-proto';\nexport const o = onnx;\n")).toHaveLength(1);
    expect(await importErrors('app/engine/Good.ts', "import * as ort from 'onnxruntime-node';\nexport const o = ort;\n")).toEqual([]);
  });

  it('allows the renderer to import the contract', async () => {
    expect(
      await importErrors(
        'renderer/src/features/Good.ts',
        "import type { ReviewApi } from '../../../shared/contract/api.js';\nexport type A = ReviewApi;\n",
      ),
    ).toEqual([]);
  });

  it('fails the core importing app/engine (it talks to the engine through shared/engine/protocol.ts)', async () => {
    const errors = await lintErrors(
      'app/core/training/Bad.ts',
      "import { buildModel } from '../../engine/model/build.js';\nexport const b = buildModel;\n",
    );
    expect(errors.join('\n')).toMatch(/import-x\/no-restricted-paths: .*Only the engine imports app\/engine/);
    expect(
      await lintErrors('app/engine/model/Good.ts', "import { buildModel } from './build.js';\nexport const b = buildModel;\n"),
    ).toEqual([]);
  });

  it('fails a CLI file loading TensorFlow.js lazily (model summary and bench ask the engine)', async () => {
    const errors = await lintErrors('app/cli/commands/Bad.ts', "export async function f() {\n  return import('@tensorflow/tfjs');\n}\n");
    expect(errors.join('\n')).toMatch(/no-restricted-syntax: TensorFlow.js and ONNX Runtime are loaded only in the engine process/);
  });

  it('fails a floating promise and a switch that misses a case in the core', async () => {
    const floating = await lintErrors(
      'app/core/version.ts',
      'async function work(): Promise<void> {}\nexport function go(): void {\n  work();\n}\n',
      typedEslint,
    );
    expect(floating.join('\n')).toMatch(/@typescript-eslint\/no-floating-promises/);
    const partial = await lintErrors(
      'app/core/version.ts',
      "export function f(k: 'a' | 'b'): number {\n  switch (k) {\n    case 'a':\n      return 1;\n  }\n  return 0;\n}\n",
      typedEslint,
    );
    expect(partial.join('\n')).toMatch(/@typescript-eslint\/switch-exhaustiveness-check/);
  });
});
