/** Readers of a data folder, their submissions and adjudicated consensus masks (SQL only). */
import { AppFailure } from '../../../shared/contract/result.js';
import type { Db } from '../db/open.js';

export interface Submission {
  caseId: number;
  reader: string;
  revisionId: number;
  submittedAt: string;
}

export interface ConsensusRecord {
  revisionId: number;
  caseId: number;
  readerA: string;
  revisionA: number;
  readerB: string;
  revisionB: number;
  adjudicator: string;
  /** RLE (shared/mask/rle.ts) of the per-pixel origin: 0 agreed, 1 reader A, 2 reader B. */
  provenance: Uint8Array;
  createdAt: string;
}

interface ConsensusRow {
  revision_id: number;
  case_id: number;
  reader_a: string;
  revision_a: number;
  reader_b: string;
  revision_b: number;
  adjudicator: string;
  provenance: Buffer;
  created_at: string;
}

export class ReaderRepository {
  constructor(private readonly db: Db) {}

  list(): { name: string; addedAt: string }[] {
    return this.db.prepare('SELECT name, added_at AS addedAt FROM readers ORDER BY added_at, name').all() as {
      name: string;
      addedAt: string;
    }[];
  }

  /** Adds a reader if new (switching back to a known reader keeps their first date). */
  add(name: string): void {
    this.db.prepare('INSERT INTO readers (name, added_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING').run(name, new Date().toISOString());
  }

  submit(caseId: number, reader: string, revisionId: number): Submission {
    const submittedAt = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO reader_submissions (case_id, reader, revision_id, submitted_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(case_id, reader) DO UPDATE SET revision_id = excluded.revision_id, submitted_at = excluded.submitted_at`,
      )
      .run(caseId, reader, revisionId, submittedAt);
    return { caseId, reader, revisionId, submittedAt };
  }

  submission(caseId: number, reader: string): Submission | null {
    const row = this.db
      .prepare(
        'SELECT case_id AS caseId, reader, revision_id AS revisionId, submitted_at AS submittedAt FROM reader_submissions WHERE case_id = ? AND reader = ?',
      )
      .get(caseId, reader) as Submission | undefined;
    return row ?? null;
  }

  /** Case ids the reader has submitted, for the case list's blinded view. */
  submittedCases(reader: string): Set<number> {
    const rows = this.db.prepare('SELECT case_id AS id FROM reader_submissions WHERE reader = ?').all(reader) as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }

  recordConsensus(c: Omit<ConsensusRecord, 'createdAt'>): void {
    this.db
      .prepare(
        `INSERT INTO consensus_masks (revision_id, case_id, reader_a, revision_a, reader_b, revision_b, adjudicator, provenance, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.revisionId, c.caseId, c.readerA, c.revisionA, c.readerB, c.revisionB, c.adjudicator, c.provenance, new Date().toISOString());
  }

  /** The latest consensus of a case, or null. */
  latestConsensus(caseId: number): ConsensusRecord | null {
    const row = this.db.prepare('SELECT * FROM consensus_masks WHERE case_id = ? ORDER BY revision_id DESC LIMIT 1').get(caseId) as
      ConsensusRow | undefined;
    return row ? toConsensus(row) : null;
  }

  /** Case ids with a consensus mask, for training's default selection. */
  casesWithConsensus(): Map<number, number> {
    const rows = this.db
      .prepare('SELECT case_id AS caseId, MAX(revision_id) AS revisionId FROM consensus_masks GROUP BY case_id')
      .all() as {
      caseId: number;
      revisionId: number;
    }[];
    return new Map(rows.map((r) => [r.caseId, r.revisionId]));
  }

  requireConsensus(caseId: number): ConsensusRecord {
    const found = this.latestConsensus(caseId);
    if (!found) throw new AppFailure('not-found', `case ${caseId} has no consensus mask`);
    return found;
  }
}

function toConsensus(row: ConsensusRow): ConsensusRecord {
  return {
    revisionId: row.revision_id,
    caseId: row.case_id,
    readerA: row.reader_a,
    revisionA: row.revision_a,
    readerB: row.reader_b,
    revisionB: row.revision_b,
    adjudicator: row.adjudicator,
    provenance: new Uint8Array(row.provenance),
    createdAt: row.created_at,
  };
}
