/**
 * Every DICOM SEG MammoSeg writes must pass David Clunie's `dciodvfy` (dicom3tools) without
 * errors: PACS and viewers that validate on receipt refuse what it refuses. Warnings are allowed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../app/core/core.js';
import { exportLabels } from '../../../app/core/export/index.js';
import { sharedFile, tempDir } from '../../support/paths.js';

const DCIODVFY = '/usr/bin/dciodvfy';
const FILES = ['MG1_J2KI.dcm', 'RG3_JPLL.dcm', 'CT_small.dcm', 'MR_small_implicit.dcm', 'JPGExtended.dcm'];
const sources = FILES.map((f) => sharedFile(`dicom/${f}`));
const haveAll = sources.every(Boolean);
if (!existsSync(DCIODVFY)) console.warn(`skipping: ${DCIODVFY} is absent (apt-get install dicom3tools)`);

/** dciodvfy's error lines (it reports on stderr, and its exit status does not tell errors apart). */
function validatorErrors(file: string): string[] {
  const run = spawnSync(DCIODVFY, [file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return `${run.stdout}${run.stderr}`.split('\n').filter((line) => line.startsWith('Error'));
}

let core: Core | undefined;
afterAll(() => core?.close());

describe.skipIf(!haveAll || !existsSync(DCIODVFY))('DICOM SEG passes dciodvfy', () => {
  it.each([
    ['plain', false],
    ['de-identified', true],
  ])(
    '%s SEGs of mammography, radiography, CT and MR sources have no validator errors',
    async (_mode, deidentify) => {
      core ??= await reviewedDicomCore();
      const out = join(tempDir(), 'seg');
      const summary = await exportLabels(core, {
        format: 'dicom-seg',
        outDir: out,
        deidentify,
        deidentifySecret: 'segvalidate-secret-0123456789',
      });
      expect(summary.failed).toEqual([]);
      expect(summary.exported).toBe(FILES.length);
      const segs = summary.files.filter((f) => f.endsWith('.dcm'));
      expect(segs).toHaveLength(FILES.length);
      for (const seg of segs) {
        expect({ seg, errors: validatorErrors(join(out, seg)) }).toEqual({ seg, errors: [] });
      }
    },
    120_000,
  );

  it('a reader name that breaks PN rules (stored before it was checked) still gives a valid SEG', async () => {
    core ??= await reviewedDicomCore();
    const first = core.caseRepository.list(core.defaultProject.id, {})[0]!;
    // The SEG names the mask's reader (issue 26): a revision by that name, then the verdict.
    const evil = 'Evil\\Name^A=B\u0000\u202eX';
    core.masks.restore(first.id, core.maskRepository.head(first.id)!.id, evil);
    core.reviewRepository.setState(first.id, 'corrected', null, evil);
    const out = join(tempDir(), 'seg');
    const summary = await exportLabels(core, { format: 'dicom-seg', outDir: out });
    const seg = join(
      out,
      summary.files.find((f) => f.endsWith('.dcm') && f.includes(first.name.replace(/\.dcm$/, '')))!,
    );
    expect(validatorErrors(seg)).toEqual([]);
    expect(readFileSync(seg).includes(Buffer.from('EvilName^ABX'))).toBe(true);
  }, 120_000);
});

/** A data folder with each shared file imported, masked (a user correction) and marked corrected. */
async function reviewedDicomCore(): Promise<Core> {
  const c = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  for (const path of sources as string[]) {
    const outcome = await c.importer.importOne(c.defaultProject.id, path.split('/').pop()!, readFileSync(path), path);
    if (outcome.kind !== 'imported') throw new Error(`${path} did not import`);
    const { id, width, height } = outcome.summary;
    const labels = new Uint8Array(width * height);
    for (let y = Math.floor(height / 4); y < height / 2; y++)
      for (let x = Math.floor(width / 4); x < width / 2; x++) labels[y * width + x] = 1;
    c.masks.saveLabels(id, labels, 'dana', 'user');
    c.reviewRepository.setState(id, 'corrected', null, 'dana');
  }
  return c;
}
