import { useEffect, useState } from 'react';
import type { ModelVersion } from '../../../../shared/domain/model.js';
import type { LabelSchema } from '../../../../shared/domain/project.js';
import { reviewApi } from '../../api/index.js';
import { activeModelIsUntrained } from './modelState.js';

/** A plain warning while Segment would run an untrained network: its masks are noise. */
export function UntrainedModelBadge({ projectId, labelSchema }: { projectId: number; labelSchema: LabelSchema }) {
  const [models, setModels] = useState<ModelVersion[] | null>(null);
  useEffect(() => {
    const load = () => void reviewApi.listModels({ projectId }).then((r) => r.ok && setModels(r.value));
    load();
    // A finished run may have made a trained version active; Segment may have made the first model.
    const offFinished = reviewApi.on.trainingFinished(load);
    const offSegment = reviewApi.on.segmentProgress(load);
    return () => {
      offFinished();
      offSegment();
    };
  }, [projectId]);
  if (models === null || !activeModelIsUntrained(models, labelSchema)) return null;
  return (
    <span
      className="untrained-badge"
      role="status"
      title="This project's model has not been trained: Segment's masks are random. Label cases and train (Models) first."
    >
      Untrained model: predictions are noise until you train
    </span>
  );
}
