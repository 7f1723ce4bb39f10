#!/usr/bin/env node
/**
 * Draws the learning curve of `mammoseg bench --suite learning --json` (one JSON record per
 * line) as an SVG for the README: mean Dice over the four labels and fibroglandular Dice on the
 * fixed set, against the number of corrected cases learnt from.
 *   node bin/mammoseg.js bench --suite learning --json > learning.jsonl
 *   node scripts/starter/learning-curve.mjs learning.jsonl resources/models/starter/learning-curve.svg
 */
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: learning-curve.mjs <bench.jsonl> <out.svg>');
  process.exit(2);
}
const rounds = readFileSync(input, 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l))
  .filter((r) => /^learning\.round\d+\.labelled\d+\.mean_dice$/.test(r.name))
  .map((r) => ({ cases: r.config.labelledCases, mean: r.value, fibro: r.config.dice.fibroglandular }));
if (!rounds.length) throw new Error(`${input}: no learning rounds`);

const W = 480;
const H = 260;
const pad = { left: 48, right: 16, top: 16, bottom: 40 };
const maxCases = Math.max(...rounds.map((r) => r.cases));
const lo = Math.floor(Math.min(...rounds.map((r) => Math.min(r.mean, r.fibro))) * 10) / 10;
const x = (c) => pad.left + (c / maxCases) * (W - pad.left - pad.right);
const y = (d) => pad.top + (1 - (d - lo) / (1 - lo)) * (H - pad.top - pad.bottom);
const line = (key, colour) =>
  `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${rounds.map((r) => `${x(r.cases).toFixed(1)},${y(r[key]).toFixed(1)}`).join(' ')}"/>` +
  rounds.map((r) => `<circle cx="${x(r.cases).toFixed(1)}" cy="${y(r[key]).toFixed(1)}" r="3" fill="${colour}"/>`).join('');
const ticksY = [];
for (let d = lo; d <= 1.0001; d += 0.1) ticksY.push(Math.round(d * 10) / 10);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
${ticksY.map((d) => `<line x1="${pad.left}" x2="${W - pad.right}" y1="${y(d)}" y2="${y(d)}" stroke="#ddd"/><text x="${pad.left - 6}" y="${y(d) + 4}" text-anchor="end">${d.toFixed(1)}</text>`).join('\n')}
${rounds.map((r) => `<text x="${x(r.cases)}" y="${H - pad.bottom + 16}" text-anchor="middle">${r.cases}</text>`).join('\n')}
<text x="${(W + pad.left) / 2}" y="${H - 6}" text-anchor="middle">corrected cases learnt from</text>
<text transform="translate(12 ${(H - pad.bottom) / 2}) rotate(-90)" text-anchor="middle">Dice, fixed set of 10</text>
${line('mean', '#1f6feb')}
${line('fibro', '#e0457b')}
<text x="${W - pad.right - 4}" y="${pad.top + 12}" text-anchor="end" fill="#1f6feb">mean of 4 labels</text>
<text x="${W - pad.right - 4}" y="${pad.top + 26}" text-anchor="end" fill="#e0457b">fibroglandular</text>
</svg>
`;
writeFileSync(output, svg);
console.log(`${output}: ${rounds.length} rounds`);
