import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/paths.js';

// Would-be files are in no tsconfig: lint them without type information (as dependencyDirection.test.ts does).
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/switch-exhaustiveness-check': 'off' },
  },
});

/** The messages of the SQL rule for a would-be file at `path`. */
async function sqlErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, path) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const SERVICE_SQL = `
import type { Core } from '../core.js';
export function countCases(core: Core): number {
  return (core.db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
}
export function inOne(core: Core): void {
  core.db.transaction(() => undefined)();
}
`;

const REPOSITORY_SQL = `
import type { Db } from '../db/open.js';
export class CountRepository {
  constructor(private readonly db: Db) {}
  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
  }
}
`;

describe('lint keeps SQL in repositories', () => {
  it('fails a service, a handler or a CLI command that prepares SQL or opens a transaction on the db', async () => {
    expect(await sqlErrors('app/core/studies/badService.ts', SERVICE_SQL)).toHaveLength(2);
    expect(await sqlErrors('app/core/api/badHandlers.ts', SERVICE_SQL)).toHaveLength(2);
    expect(await sqlErrors('app/cli/commands/bad.ts', SERVICE_SQL)).toHaveLength(2);
    expect((await sqlErrors('app/core/studies/badService.ts', SERVICE_SQL))[0]).toMatch(/SQL lives only in repositories/);
  });

  it('allows the same SQL in a repository and under app/core/db', async () => {
    expect(await sqlErrors('app/core/studies/countRepository.ts', REPOSITORY_SQL)).toEqual([]);
    expect(await sqlErrors('app/core/db/count.ts', SERVICE_SQL)).toEqual([]);
  });

  it("passes what is not SQL: a regex's exec, the worker pool's prepare", async () => {
    const code = `export const m = /a(b)/.exec('ab'); export const p = (pool: { prepare(b: Uint8Array): void }) => pool.prepare(new Uint8Array());\n`;
    expect(await sqlErrors('app/core/cases/goodService.ts', code)).toEqual([]);
  });

  it('still refuses TensorFlow.js loaded lazily outside the engine (the rule this block repeats)', async () => {
    expect(await sqlErrors('app/core/Bad.ts', "export const load = () => import('@tensorflow/tfjs');\n")).toHaveLength(1);
  });
});
