/**
 * Every SQL statement about the predictions table. A prediction is the model's output for a case:
 * the quantised probabilities on the model grid (a blob), the placement that maps that grid onto
 * the image (migration 009; null for rows stored before it), its uncertainty and where it ran.
 */
import type { Placement } from '../../../shared/preprocess/geometry.js';
import type { Db } from '../db/open.js';

export interface NewPrediction {
  caseId: number;
  modelVersionId: number;
  revisionId: number;
  probabilitiesBlob: string;
  placement: Placement;
  meanEntropy: number;
  /** The review score (shared/review/reviewScore.ts); absent: ranked by its entropy. */
  review?: { score: number } & StoredReview;
  durationMs: number;
  backend: string;
}

/** The latest prediction of a case with what drawing it needs from its model version. */
export interface StoredPrediction {
  id: number;
  probabilitiesBlob: string;
  /** Null for a prediction stored before placements were (see setPlacement). */
  placement: Placement | null;
  modelVersion: string;
  modelConfig: Record<string, unknown>;
}

/** What the review JSON column holds: the score's parts a reader sees. */
export interface StoredReview {
  disagreement: number;
  drivers: string[];
}

export class PredictionRepository {
  constructor(private readonly db: Db) {}

  insert(p: NewPrediction): number {
    const info = this.db
      .prepare(
        `INSERT INTO predictions (case_id, model_version_id, revision_id, probabilities_blob, placement, mean_entropy, review_score, review, duration_ms, backend, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.caseId,
        p.modelVersionId,
        p.revisionId,
        p.probabilitiesBlob,
        JSON.stringify(p.placement),
        p.meanEntropy,
        p.review?.score ?? null,
        p.review ? JSON.stringify({ disagreement: p.review.disagreement, drivers: p.review.drivers } satisfies StoredReview) : null,
        p.durationMs,
        p.backend,
        new Date().toISOString(),
      );
    return Number(info.lastInsertRowid);
  }

  latestForCase(caseId: number): StoredPrediction | null {
    const row = this.db
      .prepare(
        `SELECT p.id, p.probabilities_blob, p.placement, m.version, m.config FROM predictions p JOIN model_versions m ON m.id = p.model_version_id
         WHERE p.case_id = ? ORDER BY p.id DESC LIMIT 1`,
      )
      .get(caseId) as { id: number; probabilities_blob: string; placement: string | null; version: string; config: string } | undefined;
    if (!row) return null;
    return {
      id: row.id,
      probabilitiesBlob: row.probabilities_blob,
      placement: row.placement === null ? null : (JSON.parse(row.placement) as Placement),
      modelVersion: row.version,
      modelConfig: JSON.parse(row.config) as Record<string, unknown>,
    };
  }

  /** Stores the placement of an old prediction once it has been recomputed, so it never is again. */
  setPlacement(predictionId: number, placement: Placement): void {
    this.db.prepare('UPDATE predictions SET placement = ? WHERE id = ?').run(JSON.stringify(placement), predictionId);
  }

  /** Cases that already have a prediction of this model version (a resumed batch skips them). */
  caseIdsPredictedBy(modelVersionId: number): number[] {
    return (
      this.db.prepare('SELECT DISTINCT case_id FROM predictions WHERE model_version_id = ?').all(modelVersionId) as { case_id: number }[]
    ).map((r) => r.case_id);
  }

  /** Where the latest prediction of all ran (`onnxruntime-cpu`, `wasm`, ...), or null before any. */
  latestBackend(): string | null {
    const row = this.db.prepare('SELECT backend FROM predictions ORDER BY id DESC LIMIT 1').get() as { backend: string } | undefined;
    return row?.backend ?? null;
  }
}
