#!/usr/bin/env node
/**
 * What the retrained starter changed, as a reader sees it (issue 20): MIAS mdb001, mdb013,
 * mdb028, the MG1 DICOM and one DDSM image named as a CC view, each segmented by the previous
 * shipped starter and by the current one, shown in the app's viewer (Debian's Chromium, default
 * window, mask visible) and put side by side: resources/screenshots/before-after-<name>.png.
 *
 * Each model goes through the app's own path: a fresh data folder, `mammoseg import` into a
 * tissue project, `mammoseg segment --all` (the project gets the shipped starter), `serve`.
 * The previous starter is "shipped" by a shadow copy of the built app (dist/, bin/, package.json,
 * node_modules linked) whose resources/models/starter holds the old model: the same code, only
 * the starter differs, and the working tree's resources are never touched. Cases flagged "not a
 * mammogram?" are confirmed through the API, as a reader would, and segmented again. The pectoral
 * view rule (CC views get no pectoral) is app code, so it applies to both models here; the CC
 * figure therefore has a third panel: the same image under its MLO name, retrained starter.
 *
 *   npm run build
 *   mkdir -p /tmp/old-starter && for f in model.json weights.bin training.json; do
 *     git show 825d618:resources/models/starter/$f > /tmp/old-starter/$f; done
 *   node scripts/starter/screenshot-before-after.mjs [--before /tmp/old-starter] [--out resources/screenshots] [--keep]
 *
 * Without --before the script extracts the old starter from commit 825d618 itself.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { browse } from '../support/browse.mjs';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    out: { type: 'string', default: 'resources/screenshots' },
    shared: { type: 'string', default: '../shared/data' },
    keep: { type: 'boolean', default: false },
  },
});
const shared = resolve(values.shared);
const work = mkdtempSync(join(tmpdir(), 'mammoseg-before-after-'));

// The images: three MIAS films, the MG1 digital DICOM, and a DDSM MLO copied under a CC name
// (the view rule reads the view from the file name when no header says it).
const cc = join(work, 'A_0002_1.RIGHT_CC.png');
copyFileSync(join(shared, 'mammo/ddsm-tissue/images/A_0002_1.RIGHT_MLO.png'), cc);
const images = [
  { name: 'mdb001', file: join(shared, 'mammo/mias/images/mdb001.pgm') },
  { name: 'mdb013', file: join(shared, 'mammo/mias/images/mdb013.pgm') },
  { name: 'mdb028', file: join(shared, 'mammo/mias/images/mdb028.pgm') },
  { name: 'mg1', file: join(shared, 'dicom/MG1_J2KI.dcm') },
  { name: 'cc-view', file: cc },
  // The same DDSM image under its own (MLO) name, in a second project (import skips duplicate
  // pixels within a project): the third panel of cc-view, to show the rule.
  { name: 'cc-view-as-mlo', file: join(shared, 'mammo/ddsm-tissue/images/A_0002_1.RIGHT_MLO.png'), project: 'tissue-mlo' },
];

// The previous starter, and a shadow app that ships it.
let oldStarter = values.before && resolve(values.before);
if (!oldStarter) {
  oldStarter = join(work, 'old-starter');
  mkdirSync(oldStarter);
  for (const f of ['model.json', 'weights.bin', 'training.json'])
    writeFileSync(join(oldStarter, f), execFileSync('git', ['show', `825d618:resources/models/starter/${f}`], { maxBuffer: 1 << 26 }));
}
const shadow = join(work, 'app');
mkdirSync(join(shadow, 'resources/models'), { recursive: true });
cpSync('dist', join(shadow, 'dist'), { recursive: true });
cpSync('bin', join(shadow, 'bin'), { recursive: true });
copyFileSync('package.json', join(shadow, 'package.json'));
symlinkSync(resolve('node_modules'), join(shadow, 'node_modules'));
cpSync(oldStarter, join(shadow, 'resources/models/starter'), { recursive: true });

const models = [
  { caption: 'before (previous starter)', app: shadow },
  { caption: 'after (retrained starter)', app: resolve('.') },
];
const projects = ['tissue', 'tissue-mlo'];
const classes = 'background:#000000,fatty:#f5d76e,fibroglandular:#e0457b,pectoral:#4a90d9';

/** `mammoseg` of the given app root; throws on a usage error or a failed case. */
function cli(app, ...args) {
  const run = spawnSync('node', [join(app, 'bin/mammoseg.js'), ...args], { encoding: 'utf8' });
  process.stderr.write(run.stderr.replace(/\r[^\n]*/g, ''));
  process.stdout.write(run.stdout);
  if (run.status !== 0) throw new Error(`mammoseg ${args[0]} exited ${run.status}`);
}

// 1. Each model: a fresh data folder, import, segment, and a screenshot of every case.
const shots = new Map(images.map((i) => [i.name, []]));
for (const m of models) {
  const data = join(work, m.app === shadow ? 'data-before' : 'data-after');
  for (const project of projects) {
    const files = images.filter((i) => (i.project ?? 'tissue') === project).map((i) => i.file);
    cli(m.app, 'import', '--data', data, '--project', project, '--classes', classes, ...files);
    cli(m.app, 'segment', '--data', data, '--project', project, '--all');
  }
  // A case flagged "not a mammogram?" is not segmented until a reader confirms it: confirm it
  // (as the reader would in the case list), then segment again, so both models show a mask.
  const confirm = await browse(data);
  try {
    for (const project of await confirm.api('listProjects', {}))
      for (const c of await confirm.api('listCases', { projectId: project.id })) {
        if (!c.notMammogram) continue;
        console.log(`${m.caption}: ${c.name} flagged "${c.notMammogram}"; confirmed`);
        await confirm.api('confirmMammogram', { caseId: c.id });
      }
  } finally {
    await confirm.close();
  }
  for (const project of projects) cli(m.app, 'segment', '--data', data, '--project', project, '--all');
  // The viewer is the current app's for both: the data folder holds the model's masks.
  const { page, api, close } = await browse(data);
  try {
    const byName = new Map((await api('listProjects', {})).map((p) => [p.name, p]));
    for (const image of images) {
      const project = image.project ?? 'tissue';
      const cases = await api('listCases', { projectId: byName.get(project).id });
      const kase = cases.find((c) => image.file.endsWith(c.name));
      if (!kase) throw new Error(`no case for ${image.file}: ${cases.map((c) => c.name).join(', ')}`);
      await page.reload();
      const picker = page.getByLabel('Project', { exact: true });
      await picker.waitFor();
      await picker.selectOption({ label: project });
      await page.getByRole('button', { name: new RegExp(kase.name.replace(/[.^$()[\]\\]/g, '\\$&')) }).click();
      const canvas = page.locator('canvas.gl-canvas');
      await page.waitForFunction("document.querySelector('canvas.gl-canvas')?.dataset.view");
      // Keep the pointer (and its brush outline) off the image; let the mask texture land.
      const box = await canvas.boundingBox();
      await page.mouse.move(box.x + box.width - 5, box.y + 5);
      await page.waitForTimeout(1000);
      shots.get(image.name).push({ caption: m.caption, png: await page.screenshot({ clip: box }) });
      console.log(`${m.caption}: ${kase.name} (case ${kase.id}, model ${kase.modelVersion}, review score ${kase.uncertainty})`);
    }
  } finally {
    await close();
  }
}

// 2. Before | after, each half captioned, about 1200 px wide; cc-view gets a third panel: the
// retrained starter on the same image under its MLO name (the view rule keeps its pectoral).
mkdirSync(values.out, { recursive: true });
const bar = 24;
for (const [name, pair] of shots) {
  if (name === 'cc-view-as-mlo') continue;
  const shown = [...pair];
  if (name === 'cc-view') {
    shown[0] = { ...shown[0], caption: 'before (previous starter), named CC' };
    shown[1] = { ...shown[1], caption: 'after (retrained starter), named CC' };
    shown.push({ ...shots.get('cc-view-as-mlo')[1], caption: 'after, same image named MLO' });
  }
  const gap = 4;
  const width = Math.floor((1200 - gap * (shown.length - 1)) / shown.length);
  const panels = [];
  for (const { caption, png } of shown) {
    const resized = await sharp(png).resize({ width }).png().toBuffer();
    const label = Buffer.from(
      `<svg width="${width}" height="${bar}"><rect width="100%" height="100%" fill="black"/><text x="8" y="17" font-family="sans-serif" font-size="15" fill="white">${caption}</text></svg>`,
    );
    panels.push(
      await sharp(resized)
        .extend({ top: bar, background: 'black' })
        .composite([{ input: label, top: 0, left: 0 }])
        .png()
        .toBuffer(),
    );
  }
  const height = Math.max(...(await Promise.all(panels.map(async (p) => (await sharp(p).metadata()).height))));
  const file = join(values.out, `before-after-${name}.png`);
  await sharp({ create: { width: shown.length * width + (shown.length - 1) * gap, height, channels: 3, background: 'white' } })
    .composite(panels.map((input, i) => ({ input, left: i * (width + gap), top: 0 })))
    .png({ compressionLevel: 9, palette: true, quality: 90 })
    .toFile(file);
  console.log(`wrote ${file}`);
}
if (values.keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
