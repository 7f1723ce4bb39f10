import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type * as CoreModule from '../../../app/core/core.js';
import { openCore, type Core } from '../../../app/core/core.js';
import type * as EnsureModule from '../../../app/core/engine/ensureModel.js';
import { ensureActiveModel } from '../../../app/core/engine/ensureModel.js';
import type { EngineClient } from '../../../app/core/engine/engineClient.js';
import { repoRoot, tempDir } from '../../support/paths.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** An engine whose createModel writes a recognisable model into the folder it is given. */
function fakeEngine(label: string): EngineClient {
  return {
    request: async ({ dir, config }: { dir: string; config: { numClasses: number } }) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ label }));
      writeFileSync(join(dir, 'weights.bin'), label);
      return { kind: 'createModel', config: { ...config, inputSize: 64 } };
    },
    start: async () => ({ chosen: 'fake', training: 'fake' }),
  } as unknown as EngineClient;
}

let core: Core;
afterEach(() => core.close());

describe('ensureActiveModel', () => {
  it("gives two new projects each its own v1 folder: the second never overwrites the first's files", async () => {
    core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    const a = core.projectRepository.create('a');
    const b = core.projectRepository.create('b');
    const va = await ensureActiveModel(core, a.id, fakeEngine('model of a'), { inputSize: 64 });
    const vb = await ensureActiveModel(core, b.id, fakeEngine('model of b'), { inputSize: 64 });
    expect([va.version, vb.version]).toEqual(['v1', 'v1']);
    const [dirA, dirB] = [core.models.dirOf(va.id), core.models.dirOf(vb.id)];
    expect(dirA).not.toBe(dirB);
    expect(readFileSync(join(dirA, 'weights.bin'), 'utf8')).toBe('model of a');
    expect(readFileSync(join(dirB, 'weights.bin'), 'utf8')).toBe('model of b');
    expect(core.db.prepare('SELECT count(*) AS n FROM model_reservations').get()).toEqual({ n: 0 });
  });

  // From TypeScript sources STARTER_MODEL_DIR points beside the repository: the starter path runs from dist/.
  const builtEnsure = join(repoRoot, 'dist/app/core/engine/ensureModel.js');
  it.skipIf(!existsSync(builtEnsure))(
    'copies the starter into a folder of its own per project, intact, named "starter" (built dist/)',
    async () => {
      const built = (await import(pathToFileURL(builtEnsure).href)) as typeof EnsureModule;
      const { openCore: openBuilt } = (await import(pathToFileURL(join(repoRoot, 'dist/app/core/core.js')).href)) as typeof CoreModule;
      core = openBuilt({ dataDir: tempDir(), clientPaths: 'refused' });
      const classes = ['background', 'a', 'b', 'c'].map((name) => ({ name, color: '#000000' }));
      const [p, q] = [core.projectRepository.create('p', classes), core.projectRepository.create('q', classes)];
      const unused = fakeEngine('not used');
      const [vp, vq] = await Promise.all([built.ensureActiveModel(core, p.id, unused), built.ensureActiveModel(core, q.id, unused)]);
      expect([vp.version, vq.version, vp.origin]).toEqual(['starter', 'starter', 'starter']);
      expect(core.models.dirOf(vp.id)).not.toBe(core.models.dirOf(vq.id));
      for (const v of [vp, vq])
        expect(sha(join(core.models.dirOf(v.id), 'weights.bin'))).toBe(sha(join(built.STARTER_MODEL_DIR, 'weights.bin')));
    },
  );

  it('two first runs of one project end with one active model and no reservation left', async () => {
    core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    const p = core.projectRepository.create('p');
    const [x, y] = await Promise.all([
      ensureActiveModel(core, p.id, fakeEngine('x'), { inputSize: 64 }),
      ensureActiveModel(core, p.id, fakeEngine('y'), { inputSize: 64 }),
    ]);
    expect(x.id).toBe(y.id);
    expect(core.models.list(p.id)).toHaveLength(1);
    expect(core.db.prepare('SELECT count(*) AS n FROM model_reservations').get()).toEqual({ n: 0 });
  });
});
