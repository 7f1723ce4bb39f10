/**
 * Whether the project's predictions come from a trained model. Before the first Segment a
 * project has no model yet; it will get the starter when its class count matches the starter's
 * (app/core/engine/ensureModel.ts), otherwise an untrained network.
 */
import type { ModelVersion } from '../../../../shared/domain/model.js';
import type { LabelSchema } from '../../../../shared/domain/project.js';
import { TISSUE_LABEL_SCHEMA } from '../../../../shared/domain/projectTemplates.js';

export function activeModelIsUntrained(models: readonly ModelVersion[], labelSchema: LabelSchema): boolean {
  const active = models.find((m) => m.active);
  if (active) return active.origin === 'initialised';
  return labelSchema.length !== TISSUE_LABEL_SCHEMA.length;
}
