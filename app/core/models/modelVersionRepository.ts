import { join } from 'node:path';
import { AppFailure } from '../../../shared/contract/result.js';
import type { ModelVersion } from '../../../shared/domain/model.js';
import { TrainMetricsSchema, type TrainMetrics } from '../../../shared/domain/trainingRecord.js';
import type { Db } from '../db/open.js';
import {
  dropReservation,
  isReserved,
  reserveVersion,
  sweepAbandonedReservations,
  versionCount,
  type ModelReservation,
} from './modelReservationRepository.js';

interface Row {
  id: number;
  project_id: number;
  version: string;
  parent_id: number | null;
  origin: ModelVersion['origin'];
  config: string;
  dir: string;
  training: string | null;
  metrics: string | null;
  duration_s: number | null;
  backend: string | null;
  created_at: string;
  active: number;
}

export interface NewModelVersion {
  projectId: number;
  version: string;
  parentId: number | null;
  origin: ModelVersion['origin'];
  config: Record<string, unknown>;
  /** Folder relative to the data folder, e.g. models/v2. */
  dir: string;
  training?: Record<string, unknown> | null;
  metrics?: TrainMetrics | null;
  durationS?: number | null;
  backend?: string | null;
}

const SELECT = `SELECT m.*, (p.active_model_id = m.id) AS active FROM model_versions m JOIN projects p ON p.id = m.project_id`;

/** The fields of a version made under a reservation (its name and folder come from it). */
export type ReservedModelVersion = Omit<NewModelVersion, 'projectId' | 'version' | 'dir'>;

/**
 * Model versions of a project (lineage, config, metrics) and which one is active. Opening it
 * clears what killed training runs left behind (their reservations and folders).
 */
export class ModelVersionRepository {
  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
  ) {
    try {
      sweepAbandonedReservations(db, dataDir);
    } catch (error) {
      // Leftovers cost disk space, never correctness: they must not stop the data folder opening.
      console.warn(`could not clear abandoned training runs: ${(error as Error).message}`);
    }
  }

  list(projectId: number): ModelVersion[] {
    return (this.db.prepare(`${SELECT} WHERE m.project_id = ? ORDER BY m.id`).all(projectId) as Row[]).map(toVersion);
  }

  get(id: number): ModelVersion {
    const row = this.db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as Row | undefined;
    if (!row) throw new AppFailure('not-found', `model version ${id} does not exist`);
    return toVersion(row);
  }

  /** Throws not-found unless the version exists; says which project it belongs to. */
  requireModel(id: number): { projectId: number } {
    const row = this.db.prepare('SELECT project_id FROM model_versions WHERE id = ?').get(id) as { project_id: number } | undefined;
    if (!row) throw new AppFailure('not-found', `model version ${id} does not exist`);
    return { projectId: row.project_id };
  }

  active(projectId: number): ModelVersion | null {
    const row = this.db.prepare(`${SELECT} WHERE m.project_id = ? AND p.active_model_id = m.id`).get(projectId) as Row | undefined;
    return row ? toVersion(row) : null;
  }

  /** Absolute folder of a version's weights. */
  dirOf(id: number): string {
    const row = this.db.prepare('SELECT dir FROM model_versions WHERE id = ?').get(id) as { dir: string } | undefined;
    if (!row) throw new AppFailure('not-found', `model version ${id} does not exist`);
    return join(this.dataDir, row.dir);
  }

  /**
   * A version name neither registered nor reserved. It is not held: a caller that registers
   * the version later should reserve it instead (`reserve`), or a concurrent run may take it.
   */
  nextVersionName(projectId: number): string {
    let n = versionCount(this.db, projectId) + 1;
    while (
      isReserved(this.db, projectId, `v${n}`) ||
      this.db.prepare('SELECT 1 FROM model_versions WHERE project_id = ? AND version = ?').get(projectId, `v${n}`)
    )
      n++;
    return `v${n}`;
  }

  /** Holds the next version name with a final and a temporary folder (see modelReservationRepository.ts). */
  reserve(projectId: number): ModelReservation {
    if (!this.db.prepare('SELECT 1 FROM projects WHERE id = ?').get(projectId))
      throw new AppFailure('not-found', `project ${projectId} does not exist`);
    return reserveVersion(this.db, this.dataDir, projectId);
  }

  /**
   * Registers the version a reservation named, in the transaction that drops the reservation.
   * Its files must already be in `reservation.dir`, flushed (see modelFolder.ts).
   */
  registerReserved(reservation: ModelReservation, v: ReservedModelVersion): ModelVersion {
    return this.db
      .transaction(() => {
        dropReservation(this.db, reservation);
        return this.register({ ...v, projectId: reservation.projectId, version: reservation.version, dir: reservation.dir });
      })
      .immediate();
  }

  /** Gives a reservation back; its folders must be removed first (see modelFolder.ts). */
  release(reservation: ModelReservation): void {
    dropReservation(this.db, reservation);
  }

  register(v: NewModelVersion): ModelVersion {
    const info = this.db
      .prepare(
        `INSERT INTO model_versions (project_id, version, parent_id, origin, config, dir, training, metrics, duration_s, backend, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        v.projectId,
        v.version,
        v.parentId,
        v.origin,
        JSON.stringify(v.config),
        v.dir,
        v.training ? JSON.stringify(v.training) : null,
        v.metrics ? JSON.stringify(v.metrics) : null,
        v.durationS ?? null,
        v.backend ?? null,
        new Date().toISOString(),
      );
    return this.get(Number(info.lastInsertRowid));
  }

  activate(projectId: number, id: number): void {
    if (this.requireModel(id).projectId !== projectId) {
      throw new AppFailure('conflict', `model version ${id} belongs to another project`);
    }
    this.db.prepare('UPDATE projects SET active_model_id = ? WHERE id = ?').run(id, projectId);
  }
}

function toVersion(row: Row): ModelVersion {
  return {
    id: row.id,
    version: row.version,
    parentId: row.parent_id,
    origin: row.origin,
    config: JSON.parse(row.config) as Record<string, unknown>,
    metrics: row.metrics ? TrainMetricsSchema.parse(JSON.parse(row.metrics)) : null,
    training: row.training ? (JSON.parse(row.training) as Record<string, unknown>) : null,
    durationS: row.duration_s,
    backend: row.backend,
    createdAt: row.created_at,
    active: row.active === 1,
  };
}
