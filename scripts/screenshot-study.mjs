#!/usr/bin/env node
// Makes the README's study-view screenshot (issue 14):
//   resources/screenshots/study-view.png  the Studies view: four views hung RCC | LCC over RMLO | LMLO
// The shared data has no patient with all four views (DDSM-tissue holds one RIGHT_MLO per patient),
// so this is an illustration, not a real study: four DDSM images (real mammogram pixels) are wrapped
// as 8-bit DICOMs sharing one Study Instance UID and tagged R/L CC/MLO, and their tissue label maps
// (fatty, fibroglandular, pectoral) are saved as masks so the panel shows density (no pixel
// spacing is written: DDSM-tissue does not give one, so areas are in px).
// Usage: node scripts/screenshot-study.mjs [out-dir]   (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import ts from 'typescript';
import { encodeMaskRle } from '../dist/shared/mask/rle.js';
import { browse } from './support/browse.mjs';

const outDir = process.argv[2] ?? 'resources/screenshots';
const work = mkdtempSync(join(tmpdir(), 'mammoseg-study-shot-'));
const data = join(work, 'data');
const folder = join(work, 'visit');
mkdirSync(folder);
const ddsm = '../shared/data/mammo/ddsm-tissue';

// The fixtures' DICOM writer is TypeScript without imports: transpile it and load it as a module.
const writerTs = readFileSync('test/fixtures/imaging/dicomWriter.ts', 'utf8');
const writerJs = ts.transpileModule(writerTs, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;
const { part10, writeElements } = await import(`data:text/javascript;base64,${Buffer.from(writerJs).toString('base64')}`);

const STUDY_UID = '1.2.826.0.1.3680043.9.7777.42';
// Stored with the chest wall on the left, as the hanging expects (it mirrors the right breast).
const VIEWS = [
  { slot: 'RCC', laterality: 'R', view: 'CC', source: 'A_0119_1' },
  { slot: 'LCC', laterality: 'L', view: 'CC', source: 'A_0128_1' },
  { slot: 'RMLO', laterality: 'R', view: 'MLO', source: 'A_0271_1' },
  { slot: 'LMLO', laterality: 'L', view: 'MLO', source: 'A_0279_1' },
];
// DDSM-tissue label values -> class indices of the project below.
const CLASS_OF = { 64: 0, 128: 1, 192: 2, 255: 3 };

const masks = {};
VIEWS.forEach(({ slot, laterality, view, source }, i) => {
  const image = decode(readFileSync(join(ddsm, 'images', `${source}.RIGHT_MLO.png`)));
  const labels = decode(readFileSync(join(ddsm, 'labels', `${source}.RIGHT_MLO_LI.png`)));
  masks[slot] = Uint8Array.from(labels.data, (v) => CLASS_OF[v] ?? 0);
  const elements = [
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.1.2' },
    { tag: 0x00080018, vr: 'UI', value: `${STUDY_UID}.${i + 1}` },
    { tag: 0x00080020, vr: 'DA', value: '20240131' },
    { tag: 0x00080060, vr: 'CS', value: 'MG' },
    { tag: 0x00081030, vr: 'LO', value: 'SCREENING MAMMO' },
    { tag: 0x00100010, vr: 'PN', value: 'Doe^Jane' },
    { tag: 0x00100020, vr: 'LO', value: 'PID-123' },
    { tag: 0x00185101, vr: 'CS', value: view },
    { tag: 0x0020000d, vr: 'UI', value: STUDY_UID },
    { tag: 0x0020000e, vr: 'UI', value: `${STUDY_UID}.9${i + 1}` },
    { tag: 0x00200062, vr: 'CS', value: laterality },
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: [image.height] },
    { tag: 0x00280011, vr: 'US', value: [image.width] },
    { tag: 0x00280100, vr: 'US', value: [8] },
    { tag: 0x00280101, vr: 'US', value: [8] },
    { tag: 0x00280102, vr: 'US', value: [7] },
    { tag: 0x00280103, vr: 'US', value: [0] },
    { tag: 0x7fe00010, vr: 'OB', value: Uint8Array.from(image.data) },
  ];
  const dicom = part10('1.2.840.10008.1.2.1', writeElements(elements), '1.2.840.10008.5.1.4.1.1.1.2');
  writeFileSync(join(folder, `${slot}.dcm`), dicom);
});
const imported = spawnSync(
  'node',
  ['bin/mammoseg.js', 'import', '--data', data, '--project', 'tissue', '--classes', 'background,fatty,fibroglandular,pectoral', folder],
  { encoding: 'utf8' },
);
if (imported.status !== 0) throw new Error(imported.stderr);

const { page, api, close } = await browse(data);
try {
  const tissue = (await api('listProjects', {})).find((p) => p.name === 'tissue');
  const [study] = await api('listStudies', { projectId: tissue.id });
  for (const { slot } of VIEWS) await api('saveMask', { caseId: study.slots[slot], parentId: null, rle: encodeMaskRle(masks[slot]) });

  await page.reload();
  const picker = page.getByLabel('Project', { exact: true });
  if (await picker.isVisible()) await picker.selectOption({ label: 'tissue' });
  await page.getByRole('button', { name: 'Studies' }).click();
  for (const { slot } of VIEWS) await page.waitForFunction(`document.querySelector('[data-slot=${slot}] canvas.gl-canvas')?.dataset.view`);
  await page.mouse.move(1270, 790);
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(outDir, 'study-view.png') });
  console.log(`wrote ${join(outDir, 'study-view.png')}`);
} finally {
  await close();
}
