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

/** Lints a would-be file at `path` and returns the messages of the import rules (folders, packages, globals). */
async function importErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, path) });
  return result!.messages.filter((m) => /^(import-x\/)?no-restricted/.test(m.ruleId ?? '')).map((m) => m.message);
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
  // Each layer names what it may import; these five passed the old forbid-lists.
  describe('a layer imports only what it lists', () => {
    it('fails the core importing the CLI or the HTTP host', async () => {
      expect(
        await importErrors(
          'app/core/training/Bad.ts',
          "import { buildProgram } from '../../cli/program.js';\nexport const p = buildProgram;\n",
        ),
      ).toEqual([expect.stringMatching(/depends on no host.*app\/core may import: app\/core, shared/)]);
      expect(
        await importErrors('app/core/Bad.ts', "import { startHttpHost } from '../server/httpHost.js';\nexport const h = startHttpHost;\n"),
      ).toHaveLength(1);
    });

    it('fails electron/main importing TensorFlow.js or ONNX Runtime statically', async () => {
      expect(await importErrors('electron/main/Bad.ts', "import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n")).toEqual([
        expect.stringMatching(/loads no ML package/),
      ]);
      expect(await importErrors('electron/main/Bad.ts', "import * as ort from 'onnxruntime-node';\nexport const o = ort;\n")).toHaveLength(
        1,
      );
    });

    it('fails shared/ importing sharp or ws', async () => {
      expect(await importErrors('shared/imaging/Bad.ts', "import sharp from 'sharp';\nexport const s = sharp;\n")).toEqual([
        expect.stringMatching(/itself and zod only/),
      ]);
      expect(await importErrors('shared/contract/Bad.ts', "import { WebSocket } from 'ws';\nexport const w = WebSocket;\n")).toHaveLength(
        1,
      );
    });

    it('fails the editor core using document', async () => {
      expect(await importErrors('renderer/src/editor/Bad.ts', "export const canvas = document.createElement('canvas');\n")).toEqual([
        expect.stringMatching(/does not touch the DOM/),
      ]);
      expect(
        await importErrors('renderer/src/features/viewer/Good.ts', "export const canvas = document.createElement('canvas');\n"),
      ).toEqual([]);
    });

    it('fails app/server importing better-sqlite3 or a repository', async () => {
      expect(await importErrors('app/server/Bad.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n")).toEqual([
        expect.stringMatching(/no database, no repository/),
      ]);
      expect(
        await importErrors(
          'app/server/Bad.ts',
          "import { CaseRepository } from '../core/cases/caseRepository.js';\nexport const c = CaseRepository;\n",
        ),
      ).toEqual([expect.stringMatching(/app\/server may import: app\/server, app\/core\/api/)]);
    });

    it('allows what each layer lists', async () => {
      expect(
        await importErrors('app/server/Good.ts', "import { dispatch } from '../core/api/dispatch.js';\nexport const d = dispatch;\n"),
      ).toEqual([]);
      expect(
        await importErrors(
          'app/core/Good.ts',
          "import sharp from 'sharp';\nimport Database from 'better-sqlite3';\nexport const s = [sharp, Database];\n",
        ),
      ).toEqual([]);
      expect(
        await importErrors(
          'renderer/src/editor/Good.ts',
          "import * as area from '../../../shared/measure/area.js';\nexport const c = area;\n",
        ),
      ).toEqual([]);
      expect(await importErrors('electron/main/Good.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    });

    it('fails the editor core importing a React feature', async () => {
      expect(
        await importErrors(
          'renderer/src/editor/Bad.ts',
          "import * as input from '../features/viewer/canvasInput.js';\nexport const i = input;\n",
        ),
      ).toHaveLength(1);
    });
  });
});
