/**
 * The studies' header facts, read in the core's pool (issue 24 item 2): the stored facts are what
 * the synchronous read of the same files gives, and a stored original that cannot be read fails
 * the request naming it, with every other case's facts stored.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { caseFacts, FACTS_BATCH, projectFacts } from '../../../app/core/studies/caseFacts.js';
import { CaseStudyRepository } from '../../../app/core/studies/caseStudyRepository.js';
import { readHeaderFacts } from '../../../app/core/studies/headerFacts.js';
import { chooseSpacing } from '../../../shared/measure/spacing.js';
import { dicomDir, haveData, listFiles, readBytes } from '../../fixtures/imaging/data.js';
import { tempDir } from '../../support/paths.js';
import { fourViewStudy } from './fourViewStudy.js';

let core: Core;
let projectId: number;
beforeEach(() => {
  core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  projectId = core.defaultProject.id;
});
afterEach(() => core.close());

async function importAll(files: { name: string; bytes: Uint8Array }[]): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  for (const f of files) {
    const outcome = await core.importer.importOne(projectId, f.name, f.bytes, null);
    if (outcome.kind === 'imported') ids.set(outcome.summary.id, f.name);
  }
  return ids;
}

describe('header facts read in the pool', () => {
  it.skipIf(!haveData(dicomDir, 'stored facts vs the synchronous header read'))(
    'stores, for every shared DICOM file, the date and spacing the synchronous read gives',
    async () => {
      const files = listFiles(dicomDir, '.dcm').map((f) => ({ name: f, bytes: readBytes(path.join(dicomDir, f)) }));
      const ids = await importAll(files);
      expect(ids.size).toBeGreaterThan(FACTS_BATCH); // more than one batch
      const facts = await projectFacts(core, projectId);
      expect(facts.map((f) => f.caseId)).toEqual([...ids.keys()]);
      for (const f of facts) {
        const name = ids.get(f.caseId)!;
        const header = readHeaderFacts(readBytes(path.join(dicomDir, name)));
        expect(f.studyDate, name).toBe(header.studyDate);
        expect(f.spacing, name).toEqual(chooseSpacing(header));
      }
    },
    120_000,
  );

  it('fails naming a stored original that is gone, and keeps the facts of the other cases', async () => {
    const ids = [...(await importAll(fourViewStudy())).keys()];
    const gone = ids[2]!;
    const blob = core.blobs.pathOf(core.caseRepository.sourceAndReviewer(gone).sourceBlob);
    expect(existsSync(blob)).toBe(true);
    rmSync(blob);

    await expect(projectFacts(core, projectId)).rejects.toThrow(/RMLO\.dcm.*ENOENT/);
    const stored = new CaseStudyRepository(core.db).ofProject(projectId).map((r) => r.case_id);
    expect(stored).toEqual(ids.filter((id) => id !== gone));
    // The others answer from their stored rows; the gone one keeps failing with its name.
    expect((await caseFacts(core, ids[0]!)).studyKey).toMatch(/^uid:/);
    await expect(caseFacts(core, gone)).rejects.toThrow(/RMLO\.dcm/);
  });
});
