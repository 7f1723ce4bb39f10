#!/usr/bin/env node
// `npm run demo`: a demo project in .mammoseg-demo/ with the DDSM tissue mammograms, segmented
// by the shipped starter model, then the review UI. The images are not bundled with the app
// (their licences allow research use, not redistribution in a product), so the demo reads the
// team's shared data folder (../shared/data, or MAMMOSEG_SAMPLES).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const samples = resolve(process.env.MAMMOSEG_SAMPLES ?? '../shared/data/mammo/ddsm-tissue');
if (!existsSync(join(samples, 'images'))) {
  console.error(`No sample mammograms at ${samples}/images. Set MAMMOSEG_SAMPLES to a folder with images/ (and labels/).`);
  process.exit(1);
}
const data = resolve('.mammoseg-demo');
const cli = (...args) => {
  const run = spawnSync('node', ['bin/mammoseg.js', ...args], { stdio: 'inherit' });
  if (run.status !== 0 && run.status !== 1) process.exit(run.status ?? 1);
};
// No --project: a new data folder starts in its tissue project (the starter's classes, the starter
// active), which the UI opens on; the lesion project is beside it in the header's picker.
cli('import', '--data', data, join(samples, 'images'));
cli('segment', '--data', data, '--all');
console.log('Opening the review UI (Ctrl+C stops it) on the "Breast tissue" project.');
spawn('node', ['bin/mammoseg.js', 'serve', '--data', data, '--port', '0'], { stdio: 'inherit' });
