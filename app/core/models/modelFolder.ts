/**
 * The files of a reserved model version. The engine writes into the reservation's temporary
 * folder; only the core moves it to the final folder, after flushing every file, so a version
 * row (committed after `publishModelFolder`) never points at weights a crash could lose. A run
 * that fails removes what it reserved and nothing else.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncPath, fsyncTree, renameDurable } from '../storage/durable.js';
import type { ModelVersionRepository } from './modelVersionRepository.js';
import type { ModelReservation } from './modelReservationRepository.js';

/** The tfjs layers files every model folder holds (engine/model/io.ts writes them). */
export const MODEL_FILES = ['model.json', 'weights.bin'] as const;

/** Flushes the finished temporary folder and renames it to the reservation's final folder. */
export function publishModelFolder(dataDir: string, reservation: ModelReservation): void {
  const temp = join(dataDir, reservation.tempDir);
  const target = join(dataDir, reservation.dir);
  for (const file of MODEL_FILES) {
    if (!existsSync(join(temp, file))) throw new Error(`the engine did not write ${file} for model ${reservation.version}`);
  }
  // The reservation made sure nothing was there; a folder now is someone else's: leave it.
  if (existsSync(target)) throw new Error(`${target} appeared while model ${reservation.version} was training`);
  fsyncTree(temp);
  renameDurable(temp, target);
  // models/ itself is new in a fresh data folder: its name must be on disk too.
  fsyncPath(dataDir);
}

/**
 * Undoes a reservation that will not be registered: its temporary folder, its final folder if
 * `published` (renamed but not registered), then the reservation itself.
 */
export function discardReservation(
  dataDir: string,
  registry: ModelVersionRepository,
  reservation: ModelReservation,
  published: boolean,
): void {
  rmSync(join(dataDir, reservation.tempDir), { recursive: true, force: true });
  if (published) rmSync(join(dataDir, reservation.dir), { recursive: true, force: true });
  registry.release(reservation);
}
