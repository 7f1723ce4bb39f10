#!/usr/bin/env node
/**
 * The ablation table of resources/models/starter/README.md from the rows' `train --cv-json`
 * files (scripts/starter/ablation.sh): one Markdown row per file, in the order given.
 *   node scripts/starter/ablation-table.mjs <out folder>/*.json
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: ablation-table.mjs <row.json>...');
  process.exit(2);
}
const f3 = (x) => x.toFixed(3);
console.log(
  '| row | input | width | head | decoder | augmentation | loss | schedule, kept epoch | folds | background | fatty | fibroglandular | pectoral | mean of 4 | density MAE (points) | s / epoch |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const file of files) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const recipe = r.recipe;
  const loss = `CE${recipe.classWeights ? ` (weights ${recipe.classWeights.join(',')})` : ''} + ${recipe.diceWeight} ${recipe.overlap === 'tversky' ? 'Tversky 0.3/0.7' : 'soft Dice'}`;
  const kept = recipe.keep === 'best' ? 'best on held-out' : 'last';
  const pm = (m) => (r.folds.length > 1 ? `${f3(m.mean)} ± ${f3(m.sd)}` : f3(m.mean));
  console.log(
    `| ${basename(file, '.json')} | ${recipe.inputSize ?? 640} | ${recipe.widthMultiplier ?? 1} | ${recipe.head ?? 'k4s2'} | ${recipe.decoder ?? 'resize-conv'} | ` +
      `${recipe.augment === false ? 'none' : (recipe.augmentation ?? 'basic')} | ${loss} | ${recipe.schedule ?? 'constant'}, ${kept} (${recipe.epochs} epochs) | ` +
      `${r.folds.map((f) => f.fold).join(',')} of ${r.k} | ${r.dice.map(pm).join(' | ')} | ${pm(r.meanDiceAll)} | ` +
      `${r.densityMae === null ? 'n/a' : r.densityMae.toFixed(1)} | ${r.secondsPerEpoch.toFixed(1)} |`,
  );
}
