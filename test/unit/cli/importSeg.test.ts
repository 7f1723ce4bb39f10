/**
 * `mammoseg import-labels --format dicom-seg` (issue 26): a SEG exported by one data folder comes
 * back exactly into another as its reader's mask, and a SEG written by another tool (dcmtk's
 * dump2dcm from a text dump, not our dcmjs writer) imports by its segment labels and its
 * Referenced SOP Instance UID.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { runExport } from '../../../app/cli/commands/export.js';
import { runImportLabels } from '../../../app/cli/commands/importLabels.js';
import { openCore, type Core } from '../../../app/core/core.js';
import { applyProjectTemplate } from '../../../app/core/projects/templates.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import { sharedFile, tempDir } from '../../support/paths.js';
import type { CliIo } from '../../../app/cli/commands/import.js';

const source = sharedFile('dicom/CT_small.dcm');
const dump2dcm = (() => {
  try {
    execFileSync('dump2dcm', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const opened: Core[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.close()));

function captureIo(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), progressStream: process.stderr };
}

/** A data folder with the tissue classes and the shared CT image as its one case. */
async function folderWithImage(): Promise<{ data: string; caseId: number; width: number; height: number; sop: string }> {
  const data = tempDir('mammoseg-seg-');
  const core = openCore({ dataDir: data, clientPaths: 'refused' });
  try {
    applyProjectTemplate(core.db, core.projectRepository, core.defaultProject.id, 'tissue');
    const bytes = readFileSync(source!);
    const outcome = await core.importer.importOne(core.defaultProject.id, 'CT_small.dcm', bytes, source!);
    if (outcome.kind !== 'imported') throw new Error('the shared DICOM did not import');
    const sop = dicomParser.parseDicom(bytes).string('x00080018')!;
    return { data, caseId: outcome.summary.id, width: outcome.summary.width, height: outcome.summary.height, sop };
  } finally {
    core.close();
  }
}

function open(data: string): Core {
  const core = openCore({ dataDir: data, clientPaths: 'refused' });
  opened.push(core);
  return core;
}

/** Three classes in irregular shapes, so any bit order or frame mix-up shows. */
function tissueLabels(width: number, height: number): Uint8Array {
  const labels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if ((x * 7 + y * 3) % 11 === 0) labels[i] = 3;
      else if (x > y && (x ^ y) % 5 !== 0) labels[i] = 2;
      else if (x + y > 20 && x % 9 !== 4) labels[i] = 1;
    }
  return labels;
}

describe.skipIf(!source)('mammoseg import-labels --format dicom-seg', () => {
  it('round trip: export from reader A, import into another folder: every pixel equal, the reader kept', async () => {
    const a = await folderWithImage();
    const labels = tissueLabels(a.width, a.height);
    const coreA = open(a.data);
    coreA.readers.switchTo('Ann^Reader');
    coreA.masks.saveLabels(a.caseId, labels, coreA.user, 'user');
    coreA.reviewRepository.setState(a.caseId, 'corrected', null, coreA.user);
    coreA.close();
    opened.pop();

    const out = join(tempDir('mammoseg-segout-'), 'export');
    const io = captureIo();
    expect(await runExport({ format: 'dicom-seg', out, data: a.data }, io)).toBe(0);
    const segs = readdirSync(join(out, 'seg'));
    expect(segs).toHaveLength(1);
    const ds = dicomParser.parseDicom(readFileSync(join(out, 'seg', segs[0]!)));
    expect(ds.string('x00700084')).toBe('Ann^Reader');
    expect(ds.string('x0008103e')).toBe('MammoSeg reader segmentation');

    const b = await folderWithImage();
    const coreB = open(b.data);
    coreB.readers.switchTo('Bob^Reader');
    coreB.close();
    opened.pop();
    const importIo = captureIo();
    expect(await runImportLabels({ from: join(out, 'seg'), format: 'dicom-seg', data: b.data }, importIo)).toBe(0);
    expect(importIo.lines.at(-1)).toMatch(/^Stored 1 label map\(s\), 0 unchanged, 0 unmatched, 0 failed/);

    const check = open(b.data);
    const head = check.maskRepository.headOf(b.caseId, 'Ann^Reader');
    expect(head).toMatchObject({ author: 'Ann^Reader', source: 'import' });
    const back = decodeMaskRle(check.maskRepository.get(b.caseId, head!.id).rle, b.width * b.height);
    expect(Buffer.from(back).equals(Buffer.from(labels))).toBe(true);
    expect(check.readers.view().readers).toContain('Ann^Reader');
    // Importing again stores nothing new.
    expect(await runImportLabels({ from: join(out, 'seg'), format: 'dicom-seg', data: b.data }, captureIo())).toBe(0);
    expect(check.maskRepository.list(b.caseId)).toHaveLength(1);
  });

  it.skipIf(!dump2dcm)("imports a SEG made by dcmtk's dump2dcm, segments matched by label, as its ContentCreatorName's mask", async () => {
    const b = await folderWithImage();
    const { width, height, sop } = b;
    // Two segments in an order unlike ours (pectoral first, numbered 7 and 3), frames of class 2 then 3.
    const fibro = new Uint8Array(width * height);
    const pectoral = new Uint8Array(width * height);
    for (let i = 0; i < fibro.length; i++) {
      if (i % 13 < 4) fibro[i] = 1;
      else if (i % 29 === 5) pectoral[i] = 1;
    }
    const bits = new Uint8Array(Math.ceil((2 * width * height) / 8 / 2) * 2);
    [fibro, pectoral].forEach((frame, f) =>
      frame.forEach((v, i) => {
        const bit = f * width * height + i;
        if (v) bits[bit >>> 3]! |= 1 << (bit & 7);
      }),
    );
    const dir = tempDir('mammoseg-dcmtk-');
    writeFileSync(join(dir, 'pixels.raw'), bits);
    const frameGroup = (segment: number) => `
(fffe,e000) -
(0008,9124) SQ
(fffe,e000) -
(0008,2112) SQ
(fffe,e000) -
(0008,1150) UI =CTImageStorage
(0008,1155) UI [${sop}]
(fffe,e00d)
(fffe,e0dd)
(fffe,e00d)
(fffe,e0dd)
(0062,000a) SQ
(fffe,e000) -
(0062,000b) US ${segment}
(fffe,e00d)
(fffe,e0dd)
(fffe,e00d)`;
    const segment = (number: number, label: string) => `
(fffe,e000) -
(0062,0004) US ${number}
(0062,0005) LO [${label}]
(0062,0008) CS [MANUAL]
(fffe,e00d)`;
    writeFileSync(
      join(dir, 'seg.dump'),
      `
(0002,0010) UI =LittleEndianExplicit
(0008,0016) UI =SegmentationStorage
(0008,0018) UI [1.2.826.0.1.3680043.8.498.1]
(0008,0060) CS [SEG]
(0008,103e) LO [Other tool]
(0020,000d) UI [1.2.3]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0008) IS [2]
(0028,0010) US ${height}
(0028,0011) US ${width}
(0028,0100) US 1
(0028,0101) US 1
(0028,0102) US 0
(0028,0103) US 0
(0062,0001) CS [BINARY]
(0062,0002) SQ${segment(7, 'Pectoral')}${segment(3, 'fibroglandular')}
(fffe,e0dd)
(0070,0084) PN [Other^Reader]
(5200,9230) SQ${frameGroup(3)}${frameGroup(7)}
(fffe,e0dd)
(7fe0,0010) OB =${join(dir, 'pixels.raw')}
`,
    );
    execFileSync('dump2dcm', [join(dir, 'seg.dump'), join(dir, 'other.dcm')]);

    const io = captureIo();
    expect(await runImportLabels({ from: join(dir, 'other.dcm'), format: 'dicom-seg', data: b.data }, io)).toBe(0);
    const core = open(b.data);
    const head = core.maskRepository.headOf(b.caseId, 'Other^Reader');
    expect(head).not.toBeNull();
    const labels = decodeMaskRle(core.maskRepository.get(b.caseId, head!.id).rle, width * height);
    const expected = Uint8Array.from(fibro, (v, i) => (v ? 2 : pectoral[i] ? 3 : 0));
    expect(Buffer.from(labels).equals(Buffer.from(expected))).toBe(true);
  });

  it('names the file and the problem for a SEG it cannot use, and stores nothing', async () => {
    const b = await folderWithImage();
    const dir = tempDir('mammoseg-bad-');
    writeFileSync(join(dir, 'not-a-seg.dcm'), readFileSync(source!));
    writeFileSync(join(dir, 'garbage.dcm'), 'not DICOM at all');
    const io = captureIo();
    expect(await runImportLabels({ from: dir, format: 'dicom-seg', data: b.data }, io)).toBe(1);
    expect(io.errors).toEqual([
      expect.stringMatching(/^failed: .*garbage\.dcm: not a readable DICOM file/),
      expect.stringMatching(/^failed: .*not-a-seg\.dcm: not a DICOM Segmentation \(SOP Class UID 1\.2\.840\.10008\.5\.1\.4\.1\.1\.2\)/),
    ]);
    expect(open(b.data).maskRepository.list(b.caseId)).toHaveLength(0);
  });
});
