#!/usr/bin/env node
// Makes the README screenshot of the adjudication view (issue 26): one DDSM tissue image read by
// two readers (reader A: the DDSM tissue map; reader B: the same map moved 60 rows down, a
// stand-in for a second opinion), opened by an adjudicator, the cursor over the difference.
// Usage: node scripts/screenshot-adjudication.mjs [out.png]   (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { browse } from './support/browse.mjs';

const out = process.argv[2] ?? 'resources/screenshots/adjudication.png';
const NAME = 'A_0002_1.RIGHT_MLO';
const DDSM = '../shared/data/mammo/ddsm-tissue';
const MAP = '64=0,128=1,192=2,255=3';
const data = mkdtempSync(join(tmpdir(), 'mammoseg-adjudicate-'));
const cli = (...args) => {
  const run = spawnSync('node', ['bin/mammoseg.js', ...args, '--data', data], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`mammoseg ${args[0]} failed`);
};
// The reader a command records as author: the data folder's reviewer name (settings.json).
const readAs = (name) => writeFileSync(join(data, 'settings.json'), JSON.stringify({ reviewerName: name }), { mode: 0o600 });

const { page, api, close } = await browse(data);
const [project] = await api('listProjects', {});
// A template applies to an empty project only: before the import.
await api('applyProjectTemplate', { projectId: project.id, templateId: 'tissue' });
cli('import', `${DDSM}/images/${NAME}.png`);

readAs('Ann^Reader');
cli('import-labels', '--from', `${DDSM}/labels/${NAME}_LI.png`, '--format', 'label-map', '--map', MAP);
const { data: pixels, info } = await sharp(`${DDSM}/labels/${NAME}_LI.png`).greyscale().raw().toBuffer({ resolveWithObject: true });
const moved = Buffer.alloc(pixels.length, 64);
const shift = 60 * info.width;
pixels.copy(moved, shift, 0, pixels.length - shift);
const second = mkdtempSync(join(tmpdir(), 'mammoseg-reader-b-'));
await sharp(moved, { raw: { width: info.width, height: info.height, channels: 1 } })
  .png()
  .toFile(join(second, `${NAME}_LI.png`));
readAs('Bob^Reader');
cli('import-labels', '--from', second, '--format', 'label-map', '--map', MAP);
readAs('Carol^Adjudicator');

await page.reload();
await page.getByRole('button', { name: 'Readers' }).click();
await page.getByRole('button', { name: 'Adjudicate' }).click();
const difference = page.locator('canvas[data-pane="difference"]');
await difference.waitFor();
const box = await difference.boundingBox();
// The band above the dense tissue, fibroglandular for A and fatty for B (a B here would take it;
// B's shift joins every disagreement into one region, so the picture is taken before any pick).
await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.41);
await page.waitForTimeout(500);
await page.screenshot({ path: out });
await close();
console.log(`wrote ${out}`);
