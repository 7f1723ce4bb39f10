// What must hold in a data folder after `kill -9` at any moment: SQLite intact, every write
// the CLI acknowledged present, and no row pointing at a missing or corrupt file.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Blobs already verified, by path -> size:mtime:inode (blobs never change once named). */
const verified = new Map();

function blobProblem(dataDir, sha) {
  const path = join(dataDir, 'blobs', sha.slice(0, 2), sha.slice(2));
  if (!existsSync(path)) return `blob ${sha} is missing`;
  const st = statSync(path);
  const key = `${st.size}:${st.mtimeMs}:${st.ino}`;
  if (verified.get(path) === key) return null;
  const actual = createHash('sha256').update(readFileSync(path)).digest('hex');
  if (actual !== sha) return `blob ${sha} is corrupt (hashes to ${actual})`;
  verified.set(path, key);
  return null;
}

function modelProblem(dataDir, version, dir) {
  const folder = join(dataDir, dir);
  try {
    const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
    const expected = json.weightsManifest.flatMap((g) => g.weights).reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
    const size = statSync(join(folder, 'weights.bin')).size;
    return size === expected ? null : `model ${version}: weights.bin has ${size} bytes, model.json describes ${expected}`;
  } catch (error) {
    return `model ${version} (${dir}): ${error.message}`;
  }
}

/** An export folder is complete or absent: manifest.json, manifest.csv and every file it lists. */
export function exportProblem(outDir) {
  if (!existsSync(outDir)) return null;
  try {
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    if (!existsSync(join(outDir, 'manifest.csv'))) return `${outDir}: manifest.csv missing`;
    const missing = manifest.cases.map((c) => c.fileName).filter((f) => !existsSync(join(outDir, f)));
    return missing.length ? `${outDir}: ${missing.length} listed file(s) missing, e.g. ${missing[0]}` : null;
  } catch (error) {
    return `${outDir}: ${error.message}`;
  }
}

/** Opens the database as the next start would (WAL recovery included) and checks it whole. */
export function checkDataFolder(dataDir, exportRoot) {
  const db = new Database(join(dataDir, 'mammoseg.sqlite'));
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const foreignKeys = db.pragma('foreign_key_check');
    const dangling = [];
    for (const row of db.prepare('SELECT source_blob, pixels_blob, thumbnail_blob FROM cases').all()) {
      for (const sha of Object.values(row)) {
        const problem = blobProblem(dataDir, sha);
        if (problem) dangling.push(problem);
      }
    }
    for (const { probabilities_blob: sha } of db.prepare('SELECT probabilities_blob FROM predictions').all()) {
      const problem = blobProblem(dataDir, sha);
      if (problem) dangling.push(problem);
    }
    for (const { version, dir } of db.prepare('SELECT version, dir FROM model_versions').all()) {
      const problem = modelProblem(dataDir, version, dir);
      if (problem) dangling.push(problem);
    }
    if (existsSync(exportRoot)) {
      for (const name of readdirSync(exportRoot).filter((n) => !n.startsWith('.'))) {
        const problem = exportProblem(join(exportRoot, name));
        if (problem) dangling.push(problem);
      }
    }
    return { integrity, foreignKeyViolations: foreignKeys.length, dangling };
  } finally {
    db.close();
  }
}

/** What a clean start leaves: no reservations, and model folders only for registered versions. */
export function leftoversAfterStart(dataDir) {
  const db = new Database(join(dataDir, 'mammoseg.sqlite'));
  try {
    const reservations = db.prepare('SELECT count(*) AS n FROM model_reservations').get().n;
    const dirs = new Set(
      db
        .prepare('SELECT dir FROM model_versions')
        .all()
        .map((r) => r.dir.replace(/\\/g, '/')),
    );
    const modelsDir = join(dataDir, 'models');
    const orphans = existsSync(modelsDir) ? readdirSync(modelsDir).filter((n) => !dirs.has(`models/${n}`)) : [];
    return { reservations, orphanModelFolders: orphans };
  } finally {
    db.close();
  }
}

/** Acknowledged writes missing from the database; `acks` depends on the operation. */
export function lostAcknowledged(dataDir, op, acks, context) {
  if (acks.length === 0) return [];
  const db = new Database(join(dataDir, 'mammoseg.sqlite'), { readonly: true });
  try {
    switch (op) {
      case 'import': {
        const has = db.prepare('SELECT 1 FROM cases WHERE source_name = ?');
        return acks.filter((name) => !has.get(name));
      }
      case 'labels': {
        const head = db.prepare(
          `SELECT r.data, r.width, r.height FROM mask_revisions r JOIN cases c ON c.id = r.case_id WHERE c.source_name = ? ORDER BY r.id DESC LIMIT 1`,
        );
        return acks.filter((file) => {
          const caseName = context.files.get(file);
          const row = caseName && head.get(caseName);
          if (!row) return true;
          const labels = context.decode(row.data, row.width * row.height);
          return !Buffer.from(labels).equals(Buffer.from(context.expected(caseName)));
        });
      }
      case 'train': {
        const has = db.prepare('SELECT 1 FROM model_versions WHERE version = ?');
        return acks.filter((version) => !has.get(version));
      }
      case 'export':
        return acks.filter((dir) => !existsSync(join(dir, 'manifest.json')) || exportProblem(dir) !== null);
      default:
        throw new Error(`unknown operation ${op}`);
    }
  } finally {
    db.close();
  }
}
