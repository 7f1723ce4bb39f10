import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { applyProjectTemplate } from '../../../app/core/projects/templates.js';
import { PROJECT_TEMPLATES } from '../../../shared/domain/projectTemplates.js';
import { activeModelIsUntrained } from '../../../renderer/src/features/projects/modelState.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';
import { lesionProject } from '../../support/projects.js';

let core: Core | undefined;
afterEach(() => {
  core?.close();
  core = undefined;
});

describe('project templates', () => {
  it('a new data folder has one project per template, tissue first: the one opened and imported into by default', () => {
    core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    expect(core!.projectRepository.list().map((p) => [p.name, p.labelSchema.length])).toEqual([
      ['Breast tissue', 4],
      ['Lesions', 2],
    ]);
    expect(core!.defaultProject.name).toBe('Breast tissue');
    expect(activeModelIsUntrained([], core!.defaultProject.labelSchema)).toBe(false);
  });

  it('each template says which starter it uses; only tissue has one', () => {
    expect(PROJECT_TEMPLATES.map((t) => [t.id, t.starter])).toEqual([
      ['tissue', 'DDSM tissue'],
      ['lesions', null],
    ]);
    expect(PROJECT_TEMPLATES.find((t) => t.id === 'lesions')!.note).toMatch(/noise until you train/);
  });

  it('gives an empty project the tissue classes, and refuses once it has cases', async () => {
    core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    const id = lesionProject(core!).id;
    const tissue = applyProjectTemplate(core!.db, core!.projectRepository, id, 'tissue');
    expect(tissue.labelSchema.map((c) => c.name)).toEqual(['background', 'fatty', 'fibroglandular', 'pectoral']);
    expect(activeModelIsUntrained([], tissue.labelSchema)).toBe(false);
    await core!.importer.importOne(id, 'a.pgm', makePgm(32, 32, 255, 1), null);
    expect(() => applyProjectTemplate(core!.db, core!.projectRepository, id, 'lesions')).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(core!.projectRepository.get(id).labelSchema).toHaveLength(4);
  });

  it('an untrained first model, or a lesion project without one, is flagged untrained', () => {
    core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    const lesions = lesionProject(core!).labelSchema;
    expect(activeModelIsUntrained([], lesions)).toBe(true);
    const model = {
      id: 1,
      version: 'v1',
      parentId: null,
      config: {},
      metrics: null,
      training: null,
      durationS: null,
      backend: null,
      createdAt: '',
      active: true,
    };
    expect(activeModelIsUntrained([{ ...model, origin: 'initialised' }], lesions)).toBe(true);
    expect(activeModelIsUntrained([{ ...model, origin: 'trained' }], lesions)).toBe(false);
  });
});
