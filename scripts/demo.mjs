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
cli(
  'import',
  '--data',
  data,
  '--project',
  'tissue',
  '--classes',
  'background:#000000,fatty:#ffd60a,fibroglandular:#ff3b30,pectoral:#0a84ff',
  join(samples, 'images'),
);
cli('segment', '--data', data, '--project', 'tissue', '--all');
console.log('Opening the review UI (Ctrl+C stops it). Pick the "tissue" project in the header.');
spawn('node', ['bin/mammoseg.js', 'serve', '--data', data, '--port', '0'], { stdio: 'inherit' });
