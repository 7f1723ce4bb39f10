#!/usr/bin/env node
/**
 * Copies a trained model version into resources/models/starter with its training.json: the
 * run's settings, metrics, time and backend from the version row, what it was trained on, and
 * the cross-validation summary that chose the recipe (a `train --cv-json` / `--cv-combine` file).
 *   node scripts/starter/export-starter.mjs --data <dir> --project tissue --version v1 --cv <cv.json>
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../../dist/app/core/core.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    project: { type: 'string', default: 'tissue' },
    version: { type: 'string' },
    cv: { type: 'string' },
    out: { type: 'string', default: 'resources/models/starter' },
  },
});
if (!values.data || !values.version || !values.cv) {
  console.error('usage: export-starter.mjs --data <dir> [--project tissue] --version vN --cv <cv.json> [--out dir]');
  process.exit(2);
}
const core = openCore({ dataDir: values.data, clientPaths: 'allowed', backend: 'wasm', engines: 1 });
try {
  const project = core.projectRepository.list().find((p) => p.name === values.project);
  if (!project) throw new Error(`no project "${values.project}" in ${values.data}`);
  const version = core.models.list(project.id).find((v) => v.version === values.version);
  if (!version) throw new Error(`no model ${values.version} in project ${values.project}`);
  const dir = core.models.dirOf(version.id);
  for (const file of ['model.json', 'weights.bin']) copyFileSync(join(dir, file), join(values.out, file));
  const cv = JSON.parse(readFileSync(values.cv, 'utf8'));
  const record = {
    trainedOn: `DDSM tissue label maps (../shared/data/mammo/ddsm-tissue), all ${version.training?.trainCaseIds?.length ?? '?'} images, no hold-out`,
    // The cross-validation that estimates this recipe rides in `training` (free-form, shown as is);
    // `metrics` say validatedOn 'training': no case was held out of this run.
    training: {
      ...version.training,
      crossValidation: {
        k: cv.k,
        folds: cv.folds.map((f) => ({ fold: f.fold, heldOutCaseIds: f.heldOutCaseIds, dice: f.dice, durationS: f.durationS })),
        dice: cv.dice,
        meanDiceAll: cv.meanDiceAll,
        densityMae: cv.densityMae,
        recipe: cv.recipe,
      },
    },
    metrics: version.metrics,
    durationS: version.durationS,
    backend: version.backend,
  };
  writeFileSync(join(values.out, 'training.json'), JSON.stringify(record, null, 2) + '\n');
  console.log(`${values.out}: ${values.version} of ${values.project} (${dir}) with its training record`);
} finally {
  core.close();
}
