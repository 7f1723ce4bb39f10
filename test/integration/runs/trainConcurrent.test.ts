import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { ENGINE_ENTRY } from '../../../app/core/engine/engineClient.js';
import { startTraining } from '../../../app/core/training/trainingService.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

const built = existsSync(ENGINE_ENTRY);
if (!built) console.warn(`skipping concurrent training: ${ENGINE_ENTRY} is not built (npm run build)`);

// The app and the CLI on one data folder: two cores, each with its own engine.
let app: Core;
let cli: Core;
const small = { fromScratch: true, inputSize: 64, widthMultiplier: 0.125, batchSize: 2 };

beforeEach(async () => {
  const dataDir = tempDir();
  app = openCore({ dataDir, clientPaths: 'refused', backend: 'wasm', engines: 1 });
  for (const seed of [0, 3, 6, 9]) {
    const outcome = await app.importer.importOne(app.defaultProject.id, `case-${seed}.pgm`, makePgm(96, 96, 255, seed), null);
    if (outcome.kind !== 'imported') throw new Error('import failed');
    const labels = new Uint8Array(96 * 96).map((_, i) => (i % 96 > 48 ? 1 : 0));
    app.masks.saveLabels(outcome.summary.id, labels, 'dr-a', 'user');
    app.reviewRepository.setState(outcome.summary.id, 'corrected', null, 'dr-a');
  }
  cli = openCore({ dataDir, clientPaths: 'refused', backend: 'wasm', engines: 1 });
});
afterEach(async () => {
  for (const core of [app, cli]) {
    await core.engines().close();
    core.close();
  }
});

const modelFolders = (core: Core) => readdirSync(join(core.dataDir, 'models')).sort();
const filesOf = (core: Core, id: number) => ['model.json', 'weights.bin'].map((f) => statSync(join(core.models.dirOf(id), f)).size > 0);

describe.skipIf(!built)('two training runs at once on one data folder', () => {
  it('both finish as distinct versions with their own folders and files', async () => {
    const [a, b] = await Promise.all([
      startTraining(app, app.defaultProject.id, { ...small, epochs: 1 }).result,
      startTraining(cli, cli.defaultProject.id, { ...small, epochs: 1 }).result,
    ]);
    expect(new Set([a.version, b.version])).toEqual(new Set(['v1', 'v2']));
    expect(app.models.dirOf(a.id)).not.toBe(app.models.dirOf(b.id));
    expect([...filesOf(app, a.id), ...filesOf(app, b.id)]).toEqual([true, true, true, true]);
    expect(modelFolders(app)).toEqual(['v1', 'v2']);
    expect(app.db.prepare('SELECT count(*) AS n FROM model_reservations').get()).toEqual({ n: 0 });
  });

  it('one cancelled while the other finishes: the cancelled run removes only its own temporary folder', async () => {
    const loser = startTraining(cli, cli.defaultProject.id, {
      ...small,
      epochs: 50,
      batchSize: 1,
      onProgress: (p) => {
        if (p.epoch === 1 && p.step === 1) loser.cancel();
      },
    });
    const winner = startTraining(app, app.defaultProject.id, { ...small, epochs: 1 });
    const [won, lost] = await Promise.allSettled([winner.result, loser.result]);
    expect(lost.status).toBe('rejected');
    expect(String((lost as PromiseRejectedResult).reason)).toMatch(/cancelled/);
    const version = (won as PromiseFulfilledResult<{ id: number; version: string }>).value;
    expect(app.models.list(app.defaultProject.id).map((m) => m.version)).toEqual([version.version]);
    expect(filesOf(app, version.id)).toEqual([true, true]);
    expect(modelFolders(app)).toEqual([version.version]);
    expect(app.db.prepare('SELECT count(*) AS n FROM model_reservations').get()).toEqual({ n: 0 });
  });
});
