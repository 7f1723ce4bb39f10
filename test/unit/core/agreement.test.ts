import { describe, expect, it } from 'vitest';
import { openCore } from '../../../app/core/core.js';
import { modelAgreement } from '../../../app/core/training/agreement.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';
import { lesionProject } from '../../support/projects.js';

describe('model agreement with the final labels', () => {
  it('reports per version the Dice between prediction and final label and the share of pixels changed', async () => {
    const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
    const project = lesionProject(core).id;
    const outcome = await core.importer.importOne(project, 'a.pgm', makePgm(10, 10), null);
    if (outcome.kind !== 'imported') throw new Error('import failed');
    const id = outcome.summary.id;
    const predicted = new Uint8Array(100);
    predicted.fill(1, 0, 40); // the model says 40 lesion pixels
    core.masks.saveLabels(id, predicted, 'model v1', 'model', 'v1');
    const corrected = predicted.slice();
    corrected.fill(0, 30, 40); // the reviewer removes 10 of them
    core.masks.saveLabels(id, corrected, 'dr-a', 'user');
    expect(modelAgreement(core, project)).toEqual([]); // not reviewed yet
    core.reviewRepository.setState(id, 'corrected', null, 'dr-a');
    const [v1] = modelAgreement(core, project);
    expect(v1).toMatchObject({ modelVersion: 'v1', cases: 1 });
    expect(v1!.meanDice).toBeCloseTo((2 * 30) / (40 + 30));
    expect(v1!.meanChanged).toBeCloseTo(10 / 100);
    core.close();
  });
});
