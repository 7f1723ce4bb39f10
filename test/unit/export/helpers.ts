/** Builds small reviewed data sets for the export tests. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../../app/core/core.js';
import { decodeMaskRle } from '../../../shared/mask/rle.js';
import type { LabelSchema } from '../../../shared/domain/project.js';
import { makePgm } from '../../support/images.js';
import { tempDir } from '../../support/paths.js';

export const SCHEMA: LabelSchema = [
  { name: 'background', color: '#000000' },
  { name: 'lesion', color: '#ff3b30' },
  { name: 'calcification', color: '#34c759' },
];

export interface TestCase {
  name: string;
  width: number;
  height: number;
  seed: number;
}

export const CASES: TestCase[] = [
  { name: 'left-cc.pgm', width: 24, height: 16, seed: 0 },
  { name: 'right mlo.pgm', width: 17, height: 11, seed: 5 },
  { name: 'unreviewed.pgm', width: 12, height: 9, seed: 9 },
  { name: 'nomask.pgm', width: 10, height: 10, seed: 13 },
];

/** A label map with blobs of classes 1 and 2 (deterministic from the seed). */
export function labelsFor(c: TestCase): Uint8Array {
  const labels = new Uint8Array(c.width * c.height);
  for (let y = 0; y < c.height; y++) {
    for (let x = 0; x < c.width; x++) {
      const a = (x - 3 - (c.seed % 4)) ** 2 + (y - 4) ** 2 <= 9;
      const b = x > c.width - 6 && y > c.height - 5 && (x + y + c.seed) % 3 !== 0;
      labels[y * c.width + x] = a ? 1 : b ? 2 : 0;
    }
  }
  return labels;
}

export async function importCases(core: Core, projectId: number, cases: TestCase[] = CASES): Promise<number[]> {
  const ids: number[] = [];
  for (const c of cases) {
    const outcome = await core.importer.importOne(projectId, c.name, makePgm(c.width, c.height, 255, c.seed), `/data/${c.name}`);
    if (outcome.kind !== 'imported') throw new Error(`import of ${c.name} failed`);
    ids.push(outcome.summary.id);
  }
  return ids;
}

/**
 * Four cases: accepted (model mask, then a user edit), corrected, unreviewed (masked) and an
 * accepted one without any mask.
 */
export async function reviewedSet(): Promise<{ core: Core; projectId: number; ids: number[] }> {
  const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
  const projectId = core.projectRepository.create('Export test', SCHEMA).id;
  const ids = await importCases(core, projectId);
  core.masks.saveLabels(ids[0]!, new Uint8Array(CASES[0]!.width * CASES[0]!.height), 'model', 'model', 'v1');
  core.masks.saveLabels(ids[0]!, labelsFor(CASES[0]!), 'alice', 'user');
  core.masks.saveLabels(ids[1]!, labelsFor(CASES[1]!), 'model', 'model', 'v2');
  core.masks.saveLabels(ids[2]!, labelsFor(CASES[2]!), 'model', 'model', 'v1');
  core.reviewRepository.setState(ids[0]!, 'accepted', null, 'alice');
  core.reviewRepository.setState(ids[1]!, 'corrected', 'fixed the edge', 'bob');
  core.reviewRepository.setState(ids[3]!, 'accepted', null, 'alice');
  return { core, projectId, ids };
}

export function headLabels(core: Core, caseId: number): Uint8Array {
  const head = core.maskRepository.head(caseId);
  if (!head) throw new Error(`case ${caseId} has no mask`);
  const s = core.caseRepository.getSummary(caseId);
  return decodeMaskRle(core.maskRepository.get(caseId, head.id).rle, s.width * s.height);
}

/** Every file under a folder with its bytes, keyed by relative path. */
export function snapshot(root: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(join(root, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) for (const [k, v] of snapshot(root, rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(root, rel)));
  }
  return out;
}
