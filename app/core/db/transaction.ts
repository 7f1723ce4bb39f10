/**
 * A unit of work for services: several repository calls that must commit together (or not at
 * all) run inside one of these, so the service keeps its rule and the repositories keep the SQL.
 */
import type { Db } from './open.js';

/** Runs `work` in one deferred transaction (rolled back if it throws). */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work)();
}

/** Runs `work` in one IMMEDIATE transaction: the write lock is taken first, so a check-then-write cannot race another process. */
export function inImmediateTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}
