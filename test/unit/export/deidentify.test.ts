/**
 * De-identified exports (DICOM PS3.15 Annex E, Basic Application Level Confidentiality Profile):
 * nothing of the patient, the source file or the reviewer in any byte or file name, in every
 * format, and nothing in the export that undoes the pseudonyms.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../app/core/core.js';
import {
  DEID_SECRET_FILE,
  EXPORT_FORMATS,
  dateOffsetMs,
  exportLabels,
  uidFromSecret,
  type ExportFormat,
} from '../../../app/core/export/index.js';
import { importLabelMaps } from '../../../app/core/labels/import/index.js';
import { pacsCaseName } from '../../../app/core/pacs/caseName.js';
import { tempDir } from '../../support/paths.js';
import { snapshot } from './helpers.js';
import { PHI, phiDataFolder, phiDicom } from './phiCase.js';

const opened: Core[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));

async function setUp(dataDir?: string) {
  const set = await phiDataFolder(dataDir);
  opened.push(set.core);
  return set;
}

const projectOf = (core: Core): number => core.projectRepository.findByName('Screening')!.id;

const exportDeid = (core: Core, format: ExportFormat, extra: { deidentifySecret?: string | Uint8Array } = {}) =>
  exportLabels(core, {
    format,
    projectId: projectOf(core),
    outDir: join(tempDir(), `deid-${format}`),
    deidentify: true,
    perClassMasks: true,
    ...extra,
  });

const dataFolderSecret = (core: Core): Buffer => Buffer.from(readFileSync(join(core.dataDir, DEID_SECRET_FILE), 'utf8').trim(), 'hex');

/** ASCII letters folded to lower case, byte by byte: finds text in any case, in UTF-8/Latin-1 or UTF-16. */
const fold = (bytes: Uint8Array): Buffer => Buffer.from(Uint8Array.from(bytes, (b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b)));

/** Each needle as stored in DICOM (padded with a space or NUL), as UTF-8, UTF-16LE and UTF-16BE. */
function encodings(needle: string): Buffer[] {
  const out: Buffer[] = [];
  for (const text of [needle, `${needle} `, `${needle}\0`]) {
    const le = Buffer.from(text, 'utf16le');
    out.push(Buffer.from(text, 'utf8'), le, Buffer.from(le).swap16());
  }
  return out;
}

/** Every needle found in any exported file's bytes or relative path, as "where: needle". */
function leaks(outDir: string, needles: readonly string[], rawSecrets: readonly Uint8Array[] = []): string[] {
  const found: string[] = [];
  for (const [path, bytes] of snapshot(outDir)) {
    const haystacks: [string, Buffer][] = [
      [`${path} (bytes)`, fold(bytes)],
      [`${path} (name)`, fold(Buffer.from(path, 'utf8'))],
    ];
    for (const [where, haystack] of haystacks) {
      for (const needle of needles) if (encodings(needle).some((n) => haystack.includes(fold(n)))) found.push(`${where}: ${needle}`);
    }
    for (const raw of rawSecrets) if (bytes.includes(Buffer.from(raw))) found.push(`${path}: the raw secret`);
  }
  return found;
}

const today = new Date().toISOString().slice(0, 10);

describe('de-identified exports', () => {
  it('carry no name, ID, file name, path, study date, reviewer or file hash in any byte or file name, in every format', async () => {
    const { core, fileSha256 } = await setUp();
    const needles = [
      PHI.patientName,
      'DOE_JANE',
      'DOE JANE',
      'JANE',
      PHI.patientId,
      'DOE_JANE_PID12345',
      PHI.accession,
      PHI.physician,
      'GREGORY',
      PHI.birthDate,
      PHI.studyDate,
      PHI.studyUid,
      PHI.seriesUid,
      PHI.sopUid,
      PHI.reviewer,
      PHI.sourcePath,
      '/site/incoming',
      fileSha256,
      core.dataDir,
      today,
      today.replace(/-/g, ''),
    ];
    for (const format of EXPORT_FORMATS) {
      const summary = await exportDeid(core, format);
      expect(summary.exported, format).toBe(1);
      const secret = dataFolderSecret(core);
      expect(leaks(summary.outDir, [...needles, secret.toString('hex')], [secret]), format).toEqual([]);
      // The check itself finds identity where it is: a normal export names the file.
      const plain = await exportLabels(core, { format, projectId: projectOf(core), outDir: join(tempDir(), `plain-${format}`) });
      expect(leaks(plain.outDir, needles).length, format).toBeGreaterThan(0);
    }
  });

  it('carry no patient name or study date when the case is named from its header, as a case pulled from a PACS is', async () => {
    // The PACS import names a case "patient / study date / laterality view" from its header (pacs/caseName.ts).
    const file = join(tempDir(), 'pulled.dcm');
    writeFileSync(file, phiDicom());
    const name = await pacsCaseName(file);
    expect(name).toBe('DOE JANE / 2023-04-15 / L');
    const { core } = await phiDataFolder(undefined, { name: name!, sourcePath: null });
    opened.push(core);
    const needles = [name!, 'DOE JANE', 'JANE', '2023-04-15', PHI.studyDate];
    for (const format of EXPORT_FORMATS) {
      const summary = await exportDeid(core, format);
      expect(summary.exported, format).toBe(1);
      expect(leaks(summary.outDir, needles), format).toEqual([]);
      // A plain export does carry the name (the check finds it where it is).
      const plain = await exportLabels(core, { format, projectId: projectOf(core), outDir: join(tempDir(), `plain-pulled-${format}`) });
      expect(leaks(plain.outDir, ['DOE JANE']).length, format).toBeGreaterThan(0);
      // ... and names its files by all three parts, not by the view alone as if " / " were a folder.
      if (format !== 'coco')
        expect(
          [...snapshot(plain.outDir).keys()].some((p) => p.includes('/DOE_JANE_2023-04-15_L.')),
          format,
        ).toBe(true);
    }
  });

  it('state the Annex E method in the SEG: identity removed, CID 7050 codes, modified dates, no creator name', async () => {
    const { core } = await setUp();
    const summary = await exportDeid(core, 'dicom-seg');
    const manifest = JSON.parse(readFileSync(join(summary.outDir, 'manifest.json'), 'utf8'));
    const ds = dicomParser.parseDicom(readFileSync(join(summary.outDir, manifest.cases[0].fileName)));
    expect(ds.string('x00120062')).toBe('YES');
    expect(ds.string('x00280303')).toBe('MODIFIED');
    expect(ds.string('x00120063')).toMatch(/Basic Profile; Modified Dates Option/);
    const codes = ds.elements.x00120064!.items!.map((item) => [item.dataSet!.string('x00080100'), item.dataSet!.string('x00080102')]);
    expect(codes).toEqual([
      ['113100', 'DCM'],
      ['113107', 'DCM'],
    ]);
    for (const tag of ['x00100010', 'x00100020', 'x00100030', 'x00100040', 'x00080050', 'x00080090', 'x00200010', 'x00700084']) {
      expect(ds.string(tag) ?? '', tag).toBe('');
    }
    // Study date and time move together by the secret's offset (dates and times stay consistent).
    const moved = Date.parse(
      `${ds.string('x00080020')!.replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3')}T${ds.string('x00080030')!.replace(/(\d{2})(\d{2})(\d{2})/, '$1:$2:$3')}Z`,
    );
    const original = Date.parse('2023-04-15T10:15:30.25Z');
    expect(moved - original).toBe(dateOffsetMs(dataFolderSecret(core)));
    expect(ds.string('x00080030')).not.toBe(PHI.studyTime);

    expect(manifest.deidentification.codes.map((c: { value: string }) => c.value)).toEqual(['113100', '113107']);
    expect(JSON.stringify(manifest)).not.toMatch(/shift|salt|secret"/i);
    expect(manifest.cases[0]).toMatchObject({ sourceFile: null, fileSha256: null, reviewer: null });
    expect(manifest.cases[0].sourceName).toMatch(/^case-[0-9a-f]{12}$/);
  });

  it('keep the secret in the data folder (made once, mode 0600), never in the export', async () => {
    const { core } = await setUp();
    await exportDeid(core, 'png');
    const path = join(core.dataDir, DEID_SECRET_FILE);
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    const first = readFileSync(path, 'utf8');
    await exportDeid(core, 'coco');
    expect(readFileSync(path, 'utf8')).toBe(first);
  });

  it('give the same ids and UIDs with the same secret, and none that can be recomputed without it', async () => {
    const a = await setUp();
    const b = await setUp(); // another data folder, same image, its own secret
    const given = 'our-site-de-identification-key-2024';
    const segOf = async (core: Core, extra: { deidentifySecret?: string } = {}) => {
      const summary = await exportDeid(core, 'dicom-seg', extra);
      const manifest = JSON.parse(readFileSync(join(summary.outDir, 'manifest.json'), 'utf8'));
      const ds = dicomParser.parseDicom(readFileSync(join(summary.outDir, manifest.cases[0].fileName)));
      return {
        file: manifest.cases[0].fileName as string,
        study: ds.string('x0020000d')!,
        sop: ds.string('x00080018')!,
        outDir: summary.outDir,
      };
    };
    const a1 = await segOf(a.core);
    const a2 = await segOf(a.core);
    expect(snapshot(a2.outDir)).toEqual(snapshot(a1.outDir));
    const b1 = await segOf(b.core);
    expect(b1.study).not.toBe(a1.study);
    expect(b1.file).not.toBe(a1.file);
    const givenA = await segOf(a.core, { deidentifySecret: given });
    const givenB = await segOf(b.core, { deidentifySecret: given });
    expect([givenB.study, givenB.file, givenB.sop]).toEqual([givenA.study, givenA.file, givenA.sop]);

    // An attacker holding the export and a candidate original UID cannot confirm it: not with an
    // unkeyed hash of the UID (SHA-256 or MD5 as a 2.25 UID), nor keyed with an empty or another
    // secret, nor keyed with any string the export itself carries (its manifest's values).
    const asUid = (digest: Buffer) => `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`)}`;
    const manifestStrings = (outDir: string): string[] => {
      const found: string[] = [];
      const walk = (value: unknown): void => {
        if (typeof value === 'string') found.push(value);
        else if (value && typeof value === 'object') Object.values(value).forEach(walk);
      };
      walk(JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')));
      return found;
    };
    const guesses = [
      asUid(createHash('sha256').update(PHI.studyUid).digest()),
      asUid(createHash('md5').update(PHI.studyUid).digest()),
      uidFromSecret(Buffer.alloc(0), PHI.studyUid),
      uidFromSecret(Buffer.from('another-secret-16b'), PHI.studyUid),
      ...manifestStrings(a1.outDir).flatMap((text) => [
        uidFromSecret(Buffer.from(text, 'utf8'), PHI.studyUid),
        ...(/^[0-9a-f]+$/i.test(text) && text.length % 2 === 0 ? [uidFromSecret(Buffer.from(text, 'hex'), PHI.studyUid)] : []),
      ]),
    ];
    expect(guesses.length).toBeGreaterThan(4);
    for (const guess of guesses) expect(guess).not.toBe(a1.study);
    // ... while the holder of the secret can.
    expect(uidFromSecret(dataFolderSecret(a.core), PHI.studyUid)).toBe(a1.study);
  });

  it('re-import through the secret: into the same data folder, or elsewhere only when given it', async () => {
    const a = await setUp();
    const summary = await exportDeid(a.core, 'png');
    const same = await importLabelMaps(a.core, { dir: summary.outDir, format: 'png', projectId: projectOf(a.core) });
    expect(same.unchanged.map((u) => u.caseId)).toEqual([a.caseId]);

    const b = await setUp();
    const projectId = projectOf(b.core);
    const without = await importLabelMaps(b.core, { dir: summary.outDir, format: 'png', projectId });
    expect([...without.imported, ...without.unchanged]).toEqual([]);
    expect(without.unmatched[0]!.reason).toMatch(/de-identified export .* no de-identification secret/);
    const secretFile = readFileSync(join(a.core.dataDir, DEID_SECRET_FILE));
    const withSecret = await importLabelMaps(b.core, { dir: summary.outDir, format: 'png', projectId, deidentifySecret: secretFile });
    expect(withSecret.unchanged.map((i) => i.caseId)).toEqual([b.caseId]);
  });
});
