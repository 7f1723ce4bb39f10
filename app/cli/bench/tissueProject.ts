/**
 * A scratch data folder with the DDSM tissue images imported into a 4-class project: what the
 * training and learning-curve benches train on. Labels are imported by the caller (all at once,
 * or a round at a time).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { EnginePreference } from '../../../shared/engine/protocol.js';
import { TISSUE_LABEL_SCHEMA } from '../../../shared/domain/projectTemplates.js';
import { openCore, type Core } from '../../core/core.js';
import { parseValueMapping } from '../../core/labels/formats/labelMap.js';
import { importLabels } from '../../core/labels/import/index.js';
import { decodeImage } from '../../core/imaging/decode.js';

/** DDSM tissue label maps: grey 64 background, 128 fatty, 192 fibroglandular, 255 pectoral. */
export const DDSM_TISSUE_MAPPING = '64=0,128=1,192=2,255=3';

export interface TissueProject {
  dir: string;
  core: Core;
  projectId: number;
  /** Case id per image file name. */
  caseOf: Map<string, number>;
  /** Image file names, sorted. */
  images: string[];
}

export async function openTissueProject(tissueDir: string, backend: EnginePreference): Promise<TissueProject> {
  const dir = mkdtempSync(join(tmpdir(), 'mammoseg-tissue-bench-'));
  const core = openCore({ dataDir: dir, clientPaths: 'allowed', backend, engines: 1 });
  const project = core.projectRepository.create('tissue', [...TISSUE_LABEL_SCHEMA]);
  const imagesDir = join(tissueDir, 'images');
  const images = readdirSync(imagesDir)
    .filter((f) => f.endsWith('.png'))
    .sort();
  const caseOf = new Map<string, number>();
  for (const file of images) {
    const result = await core.importer.importOne(project.id, file, readFileSync(join(imagesDir, file)), null);
    caseOf.set(file, result.kind === 'imported' ? result.summary.id : result.existingCaseId);
  }
  return { dir, core, projectId: project.id, caseOf, images };
}

/** Imports the label maps of every file in `from` (a folder holding some or all of the DDSM labels). */
export async function importTissueLabels(project: TissueProject, from: string): Promise<void> {
  await importLabels(project.core, {
    from,
    format: 'label-map',
    mapping: parseValueMapping(DDSM_TISSUE_MAPPING),
    projectId: project.projectId,
  });
}

/** One DDSM label map as class indexes, at the image's resolution. */
export async function readTissueLabels(file: string): Promise<Uint8Array> {
  const mapping = parseValueMapping(DDSM_TISSUE_MAPPING);
  const image = await decodeImage(readFileSync(file), basename(file));
  return Uint8Array.from(image.pixels, (v) => {
    const k = mapping.get(v);
    if (k === undefined) throw new Error(`${basename(file)}: pixel value ${v} is not a DDSM tissue label`);
    return k;
  });
}
