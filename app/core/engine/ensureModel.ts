import { cpSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ModelVersion } from '../../../shared/domain/model.js';
import type { Fit } from '../../../shared/domain/modelConfig.js';
import { TrainingRecordSchema } from '../../../shared/domain/trainingRecord.js';
import type { Core } from '../core.js';
import { inImmediateTransaction } from '../db/transaction.js';
import { discardReservation, publishModelFolder } from '../models/modelFolder.js';
import type { ReservedModelVersion } from '../models/modelVersionRepository.js';
import type { ModelReservation } from '../models/modelReservationRepository.js';
import type { EngineClient } from './engineClient.js';
import { readModelConfig } from './modelGrid.js';

/** resources/models/starter: the model shipped with the app (tfjs layers format). */
export const STARTER_MODEL_DIR = fileURLToPath(new URL('../../../../resources/models/starter', import.meta.url));

export interface NewModelOptions {
  inputSize?: number;
  widthMultiplier?: number;
  fit?: Fit;
}

/** A first version's row, its files already in the reservation's temporary folder. */
type FirstVersion = ReservedModelVersion & { name: string };

/**
 * The project's active model; a new project gets the shipped starter model when its classes
 * match, otherwise a freshly initialised (untrained) network, registered as such so nobody
 * mistakes its predictions for a trained model's.
 *
 * Either is made like a trained version: under a reservation (its own folder: another project's
 * `v1`, or a second first run of this one, never writes into it), in a temporary folder that is
 * flushed and renamed before the row that names it commits.
 */
export async function ensureActiveModel(
  core: Core,
  projectId: number,
  engine: EngineClient,
  options: NewModelOptions = {},
): Promise<ModelVersion> {
  const active = core.models.active(projectId);
  if (active) return active;
  const reservation = core.models.reserve(projectId);
  let published = false;
  try {
    const first = await writeFirstModel(core, projectId, engine, options, join(core.dataDir, reservation.tempDir), reservation.version);
    publishModelFolder(core.dataDir, reservation);
    published = true;
    const registered = registerFirst(core, projectId, reservation, first);
    if (registered) return registered;
  } catch (error) {
    discardReservation(core.dataDir, core.models, reservation, published);
    throw error;
  }
  // Another first run of this project activated its model meanwhile: that one is the project's.
  discardReservation(core.dataDir, core.models, reservation, published);
  return core.models.active(projectId)!;
}

/** Writes the starter (copied) or a new network (by the engine) into `dir`; returns its row. */
async function writeFirstModel(
  core: Core,
  projectId: number,
  engine: EngineClient,
  options: NewModelOptions,
  dir: string,
  name: string,
): Promise<FirstVersion> {
  const numClasses = core.projectRepository.get(projectId).labelSchema.length;
  const starterConfig = join(STARTER_MODEL_DIR, 'model.json');
  if (existsSync(starterConfig) && !options.inputSize) {
    const config = readModelConfig(STARTER_MODEL_DIR);
    if (config.numClasses === numClasses) {
      cpSync(STARTER_MODEL_DIR, dir, { recursive: true });
      // training.json: how the starter was made (data, metrics, time, backend), shown like any version's.
      const recordFile = join(STARTER_MODEL_DIR, 'training.json');
      const record = existsSync(recordFile) ? TrainingRecordSchema.parse(JSON.parse(readFileSync(recordFile, 'utf8'))) : {};
      return {
        name: 'starter',
        parentId: null,
        origin: 'starter',
        config: { ...config },
        training: record.training ?? null,
        metrics: record.metrics ?? null,
        durationS: record.durationS ?? null,
        backend: record.backend ?? null,
      };
    }
  }
  const result = await engine.request({
    type: 'createModel',
    dir,
    config: {
      numClasses,
      ...(options.inputSize ? { inputSize: options.inputSize } : {}),
      ...(options.widthMultiplier ? { widthMultiplier: options.widthMultiplier } : {}),
      ...(options.fit ? { fit: options.fit } : {}),
    },
  });
  // The tfjs backend that initialised the weights (not the inference runtime of the description).
  const started = await engine.start();
  return {
    name,
    parentId: null,
    origin: 'initialised',
    config: { ...result.config },
    backend: started.training ?? started.chosen,
    training: { note: 'random initialisation, not trained' },
  };
}

/**
 * Registers and activates the first version in one transaction, unless another run activated
 * one first (then null: the caller gives its reservation back). The starter keeps its name
 * "starter" rather than the reserved v<n>; its folder is still the reservation's.
 */
function registerFirst(
  core: Pick<Core, 'db' | 'models'>,
  projectId: number,
  reservation: ModelReservation,
  { name, ...row }: FirstVersion,
): ModelVersion | null {
  return inImmediateTransaction(core.db, () => {
    if (core.models.active(projectId)) return null;
    let version: ModelVersion;
    if (name === reservation.version) {
      version = core.models.registerReserved(reservation, row);
    } else {
      core.models.release(reservation);
      version = core.models.register({ ...row, projectId, version: name, dir: reservation.dir });
    }
    core.models.activate(projectId, version.id);
    return core.models.get(version.id);
  });
}
