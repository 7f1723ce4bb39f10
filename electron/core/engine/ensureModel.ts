import { cpSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ModelVersion } from '../../../shared/domain/model.js';
import type { EngineModelConfig } from '../../engine/process/protocol.js';
import type { Core } from '../core.js';
import type { EngineClient } from './engineClient.js';

/** resources/models/starter: the model shipped with the app (tfjs layers format). */
export const STARTER_MODEL_DIR = fileURLToPath(new URL('../../../../resources/models/starter', import.meta.url));

export interface NewModelOptions {
  inputSize?: number;
  widthMultiplier?: number;
}

/**
 * The project's active model; a new project gets the shipped starter model when its classes
 * match, otherwise a freshly initialised (untrained) network, registered as such so nobody
 * mistakes its predictions for a trained model's.
 */
export async function ensureActiveModel(core: Core, projectId: number, engine: EngineClient, options: NewModelOptions = {}): Promise<ModelVersion> {
  const active = core.models.active(projectId);
  if (active) return active;
  const numClasses = core.projects.get(projectId).labelSchema.length;
  const starterConfig = join(STARTER_MODEL_DIR, 'model.json');
  if (existsSync(starterConfig) && !options.inputSize) {
    const meta = readFileSync(starterConfig, 'utf8');
    const config = (JSON.parse(meta) as { userDefinedMetadata?: { mammoseg?: EngineModelConfig } }).userDefinedMetadata?.mammoseg;
    if (config?.numClasses === numClasses) {
      const dir = join('models', 'starter');
      cpSync(STARTER_MODEL_DIR, join(core.dataDir, dir), { recursive: true });
      // training.json: how the starter was made (data, metrics, time, backend), shown like any version's.
      const recordFile = join(STARTER_MODEL_DIR, 'training.json');
      const record = existsSync(recordFile)
        ? (JSON.parse(readFileSync(recordFile, 'utf8')) as { training?: Record<string, unknown>; metrics?: Record<string, unknown>; durationS?: number; backend?: string })
        : {};
      const version = core.models.register({
        projectId,
        version: 'starter',
        parentId: null,
        origin: 'starter',
        config: { ...config },
        dir,
        training: record.training ?? null,
        metrics: record.metrics ?? null,
        durationS: record.durationS ?? null,
        backend: record.backend ?? null,
      });
      core.models.activate(projectId, version.id);
      return core.models.get(version.id);
    }
  }
  const version = core.models.nextVersionName(projectId);
  const dir = join('models', version);
  const result = await engine.request({
    type: 'createModel',
    dir: join(core.dataDir, dir),
    config: { numClasses, ...(options.inputSize ? { inputSize: options.inputSize } : {}), ...(options.widthMultiplier ? { widthMultiplier: options.widthMultiplier } : {}) },
  });
  if (result.kind !== 'createModel') throw new Error('the engine answered createModel with something else');
  // The tfjs backend that initialised the weights (not the inference runtime of the description).
  const started = await engine.start();
  const backend = started.training ?? started.chosen;
  const registered = core.models.register({ projectId, version, parentId: null, origin: 'initialised', config: { ...result.config }, dir, backend, training: { note: 'random initialisation, not trained' } });
  core.models.activate(projectId, registered.id);
  return core.models.get(registered.id);
}
