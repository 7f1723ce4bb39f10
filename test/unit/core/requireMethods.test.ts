import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/core/api/dispatch.js';
import { createHandlers } from '../../../app/core/api/handlers.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

let core: Core;
beforeEach(() => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
});
afterEach(() => core.close());

const notFound = (message: RegExp) => expect.objectContaining({ code: 'not-found', message: expect.stringMatching(message) });

describe('require… methods of the repositories', () => {
  it('pass for what exists and throw not-found, naming the id, for what does not', async () => {
    expect(() => core.projectRepository.requireProject(core.defaultProject.id)).not.toThrow();
    expect(() => core.projectRepository.requireProject(999)).toThrow(notFound(/project 999 does not exist/));

    const imported = await core.importer.importOne(core.defaultProject.id, 'a.pgm', makePgm(8, 4), null);
    if (imported.kind !== 'imported') throw new Error('import failed');
    expect(() => core.caseRepository.requireCase(imported.summary.id)).not.toThrow();
    expect(() => core.caseRepository.requireCase(999)).toThrow(notFound(/case 999 does not exist/));

    expect(() => core.models.requireModel(999)).toThrow(notFound(/model version 999 does not exist/));
  });

  it('are what the handlers answer for a missing project or case', async () => {
    const handlers = createHandlers(core);
    for (const [channel, payload] of [
      ['listCases', { projectId: 999 }],
      ['getTrainingQueue', { projectId: 999 }],
      ['listRevisions', { caseId: 999 }],
      ['getReviewHistory', { caseId: 999 }],
    ] as const) {
      expect(await dispatch(handlers, channel, payload)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
  });

  it('activating a version of another project is a conflict; an unknown version is not-found', () => {
    const other = core.projectRepository.create('other');
    const version = core.models.register({
      projectId: other.id,
      version: 'v1',
      parentId: null,
      origin: 'initialised',
      config: {},
      dir: 'models/x',
    });
    expect(() => core.models.activate(core.defaultProject.id, version.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => core.models.activate(core.defaultProject.id, 999)).toThrow(notFound(/model version 999/));
    expect(core.models.requireModel(version.id)).toEqual({ projectId: other.id });
  });
});
