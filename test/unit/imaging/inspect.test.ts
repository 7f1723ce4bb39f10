import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { formatReport, inspectFile, PHI_MASK, registerInspect, runInspect } from '../../../app/cli/commands/inspect.js';
import { dicomDir, haveData } from '../../fixtures/imaging/data.js';

const present = haveData(dicomDir, 'inspect tests on DICOM samples');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('registerInspect', () => {
  it('adds `inspect <file>` with --json and --show-phi, and says PHI is masked in --help', () => {
    const program = new Command('mammoseg');
    registerInspect(program);
    const command = program.commands.find((c) => c.name() === 'inspect')!;
    expect(command).toBeDefined();
    expect(command.options.map((o) => o.long)).toEqual(['--json', '--show-phi']);
    let help = '';
    command.configureOutput({ writeOut: (s) => (help += s) });
    command.outputHelp();
    expect(help).toMatch(/masked unless --show-phi/);
  });
});

describe.skipIf(!present)('inspect on the DICOM samples', () => {
  it('two lossless encodings of one image report the same pixel sha256', async () => {
    const a = await inspectFile(path.join(dicomDir, 'MR_small_bigendian.dcm'));
    const b = await inspectFile(path.join(dicomDir, 'MR_small_jp2klossless.dcm'));
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.sha256).toBe(b.sha256);
    expect(a.transferSyntaxUid).not.toBe(b.transferSyntaxUid);
    expect([a.rows, a.columns, a.bitsAllocated, a.bitsStored, a.pixelRepresentation, a.frames]).toEqual([64, 64, 16, 16, 1, 1]);
    expect([a.min, a.max]).toEqual([b.min, b.max]);
  });

  it('plain output masks patient name and ID; --show-phi shows them', async () => {
    const file = path.join(dicomDir, 'CT_small.dcm');
    const masked = await inspectFile(file);
    expect(masked.header.patientName).toBe(PHI_MASK);
    const text = formatReport(masked);
    expect(text).toMatch(/Transfer syntax: +1\.2\.840\.10008\.1\.2\.1 \(Explicit VR Little Endian\)/);
    expect(text).toMatch(/Pixel sha256: +[0-9a-f]{64} \(int16, little endian, row-major\)/);
    expect(text).toMatch(/Modality LUT: +rescale slope 1, intercept -1024 \(HU\)/);
    const shown = await inspectFile(file, { showPhi: true });
    expect(shown.header.patientName).not.toBe(PHI_MASK);
    expect(text).not.toContain(shown.header.patientName!);
  });

  it('--json prints parseable JSON; failure exits 1 with one line naming the file', async () => {
    const ok = capture();
    expect(await runInspect(path.join(dicomDir, 'vlut_04.dcm'), { json: true }, ok.io)).toBe(0);
    const report = JSON.parse(ok.out.join('\n')) as { vois: { kind: string; entries: number }[] };
    expect(report.vois[0]).toMatchObject({ kind: 'table' });
    const bad = capture();
    const readme = path.join(dicomDir, 'README.md');
    expect(await runInspect(readme, {}, bad.io)).toBe(1);
    expect(bad.err).toHaveLength(1);
    expect(bad.err[0]).toMatch(new RegExp(`^${readme.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(bad.err[0]).not.toMatch(/\n/);
  });
});
