/**
 * Names and folders of model versions being made (model_reservations, migration 004). A
 * training run reserves its version name, final folder and temporary folder in one IMMEDIATE
 * transaction, so two runs (the app and the CLI on one data folder) never pick the same ones;
 * the version row replaces the reservation once the weights are on disk.
 *
 * The owner (host, pid) is kept so that the reservation of a killed process can be recognised
 * and cleared, with its folders, by whoever opens the data folder next.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../db/open.js';

export interface ModelReservation {
  id: number;
  projectId: number;
  version: string;
  /** Final folder, relative to the data folder (models/v3): absent until the weights are complete. */
  dir: string;
  /** Where the engine writes, relative to the data folder; renamed to `dir` when done. */
  tempDir: string;
}

interface Row {
  id: number;
  project_id: number;
  version: string;
  dir: string;
  temp_dir: string;
  owner_host: string;
  owner_pid: number;
}

/**
 * Temporary folders (random names) of the reservations this process made and still holds. A pid
 * alone cannot tell ours from those of an earlier process that had the same pid (containers
 * restart at small pids).
 */
const held = new Set<string>();

const hex = () => randomBytes(4).toString('hex');

/** Reserves the next free version name of `projectId` with a final and a temporary folder. */
export function reserveVersion(db: Db, dataDir: string, projectId: number): ModelReservation {
  const reserve = db.transaction((): ModelReservation => {
    const nameTaken = db.prepare(
      `SELECT 1 FROM model_versions WHERE project_id = @project AND version = @version
       UNION ALL SELECT 1 FROM model_reservations WHERE project_id = @project AND version = @version`,
    );
    const dirTaken = db.prepare(
      `SELECT 1 FROM model_versions WHERE dir = @dir UNION ALL SELECT 1 FROM model_reservations WHERE dir = @dir OR temp_dir = @dir`,
    );
    // A folder can exist without a row (an older build killed mid-training; another project's
    // version of the same name): never write into it.
    const free = (dir: string) => !dirTaken.get({ dir }) && !existsSync(join(dataDir, dir));
    let n = 1 + versionCount(db, projectId);
    while (nameTaken.get({ project: projectId, version: `v${n}` })) n++;
    const version = `v${n}`;
    let dir = join('models', version);
    while (!free(dir)) dir = join('models', `${version}-${hex()}`);
    let tempDir = join('models', `.training-${version}-${hex()}`);
    while (!free(tempDir)) tempDir = join('models', `.training-${version}-${hex()}`);
    const info = db
      .prepare(
        `INSERT INTO model_reservations (project_id, version, dir, temp_dir, owner_host, owner_pid, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(projectId, version, dir, tempDir, hostname(), process.pid, new Date().toISOString());
    return { id: Number(info.lastInsertRowid), projectId, version, dir, tempDir };
  });
  const reservation = reserve.immediate();
  held.add(reservation.tempDir);
  return reservation;
}

/** Versions and reservations of a project: the next name is v<count + 1> when free. */
export function versionCount(db: Db, projectId: number): number {
  const row = db
    .prepare(
      `SELECT (SELECT count(*) FROM model_versions WHERE project_id = @project) + (SELECT count(*) FROM model_reservations WHERE project_id = @project) AS n`,
    )
    .get({ project: projectId }) as { n: number };
  return row.n;
}

/** Whether `version` is reserved for `projectId` by a run still in progress (or killed, not yet swept). */
export function isReserved(db: Db, projectId: number, version: string): boolean {
  return db.prepare('SELECT 1 FROM model_reservations WHERE project_id = ? AND version = ?').get(projectId, version) !== undefined;
}

/**
 * Drops a reservation this process holds; call inside the transaction that registers its
 * version, or after its folders are removed. Throws if it is gone (it was never ours).
 */
export function dropReservation(db: Db, reservation: ModelReservation): void {
  const info = db.prepare('DELETE FROM model_reservations WHERE id = ? AND temp_dir = ?').run(reservation.id, reservation.tempDir);
  if (info.changes !== 1) throw new Error(`model version ${reservation.version} is no longer reserved by this run`);
  held.delete(reservation.tempDir);
}

/**
 * Clears the reservations of processes on this host that no longer run: their temporary
 * folder, their final folder unless a version row uses it (killed between rename and commit),
 * then the row. Returns how many were cleared.
 */
export function sweepAbandonedReservations(db: Db, dataDir: string): number {
  const rows = db.prepare('SELECT id, project_id, version, dir, temp_dir, owner_host, owner_pid FROM model_reservations').all() as Row[];
  let cleared = 0;
  for (const row of rows.filter(isAbandoned)) {
    rmSync(join(dataDir, row.temp_dir), { recursive: true, force: true });
    const used = db.prepare('SELECT 1 FROM model_versions WHERE dir = ?').get(row.dir) !== undefined;
    if (!used) rmSync(join(dataDir, row.dir), { recursive: true, force: true });
    cleared += db.prepare('DELETE FROM model_reservations WHERE id = ?').run(row.id).changes;
  }
  return cleared;
}

function isAbandoned(row: Row): boolean {
  // Another machine's processes cannot be checked from here (SQLite on a shared drive).
  if (row.owner_host !== hostname()) return false;
  if (row.owner_pid === process.pid) return !held.has(row.temp_dir);
  return !processRuns(row.owner_pid);
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
