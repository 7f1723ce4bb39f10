// Inputs the kill test feeds the CLI: unique 16-bit greyscale PNGs to import, and label maps
// (class 0/1 stripes) for those cases, different in every round so each round stores new revisions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { mulberry32 } from '../../dist/shared/random/mulberry32.js';

export const WIDTH = 160;
export const HEIGHT = 120;

/** A small seeded generator (the app's mulberry32, from the build): the same --seed gives the same run. */
export const random = mulberry32;

/** `count` PNGs named r<round>-i<i>.png in `dir`; pixels depend on round and i, so none is a duplicate. */
export function writeImages(dir, round, count) {
  mkdirSync(dir, { recursive: true });
  const names = [];
  for (let i = 0; i < count; i++) {
    const data = new Uint16Array(WIDTH * HEIGHT);
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) data[y * WIDTH + x] = (x * 97 + y * 31 + round * 7919 + i * 104729) % 4096;
    }
    data[0] = round;
    data[1] = i;
    const name = `r${round}-i${i}.png`;
    writeFileSync(join(dir, name), encode({ width: WIDTH, height: HEIGHT, data, channels: 1, depth: 16 }));
    names.push(name);
  }
  return names;
}

/** The label map of `caseName` in label round `round`: vertical stripes whose phase moves each round. */
export function labelsFor(caseName, round) {
  const labels = new Uint8Array(WIDTH * HEIGHT);
  const phase = (round * 5 + caseName.length) % 16;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) labels[y * WIDTH + x] = ((x + phase) >> 3) & 1 ? 1 : 0;
  }
  return labels;
}

/** One label-map PNG per case (<stem>_mask.png) in `dir`; returns file name -> case name. */
export function writeLabelMaps(dir, caseNames, round) {
  mkdirSync(dir, { recursive: true });
  const files = new Map();
  for (const caseName of caseNames) {
    const file = `${caseName.replace(/\.png$/, '')}_mask.png`;
    writeFileSync(join(dir, file), encode({ width: WIDTH, height: HEIGHT, data: labelsFor(caseName, round), channels: 1, depth: 8 }));
    files.set(file, caseName);
  }
  return files;
}
