/**
 * The real import path for the fuzzer: a core opened on a fresh temporary data folder, and each
 * file handed to `core.importer.importMany` exactly as `mammoseg import` and the UI do, so the
 * figures include everything after decoding too (hashing, thumbnails, the database insert).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCore } from '../../app/core/core.js';
import type { ImportResult } from './campaign.js';

export interface FuzzImporter {
  importFile(name: string, bytes: Uint8Array): Promise<ImportResult>;
  close(): void;
}

export function openFuzzImporter(): FuzzImporter {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mammoseg-fuzz-'));
  const core = openCore({ dataDir, clientPaths: 'refused' });
  const projectId = core.defaultProject.id;
  return {
    async importFile(name, bytes) {
      // a copy: the importer may move the bytes to a decode worker
      const report = await core.importer.importMany(projectId, [
        { name, load: () => Promise.resolve({ bytes: bytes.slice(), sourcePath: null }) },
      ]);
      if (report.imported.length) return { kind: 'imported' };
      if (report.duplicates.length) return { kind: 'duplicate' };
      const failure = report.failed[0];
      if (!failure) throw new Error(`the import report for ${name} is empty`);
      return { kind: 'failed', name: failure.name, reason: failure.reason };
    },
    close() {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
