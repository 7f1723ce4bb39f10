import { useEffect, type RefObject } from 'react';
import { reviewApi } from '../../api/index.js';
import type { ViewerController } from '../viewer/viewerController.js';

/**
 * Shows the latest prediction's probability of `classIndex` while `enabled`; reloads when the
 * class or the head revision changes (a new prediction). `onMissing` gets a message when there
 * is no prediction yet (and should turn the heat map off) or the request failed.
 */
export function useHeatMap(
  controller: RefObject<ViewerController | null>,
  caseId: number,
  classIndex: number,
  enabled: boolean,
  headId: number | null,
  onMissing: (message: string, noPrediction: boolean) => void,
): void {
  useEffect(() => {
    if (!enabled) return controller.current?.setHeatMap(null);
    let live = true;
    void reviewApi.getProbabilityMap({ caseId, classIndex }).then((r) => {
      if (!live) return;
      if (!r.ok) return onMissing(r.error.message, false);
      if (!r.value) return onMissing('No prediction yet: press Segment first.', true);
      controller.current?.setHeatMap({ data: r.value.data, ...r.value.map });
    });
    return () => {
      live = false;
    };
    // onMissing is not a dependency: a new callback is no reason to fetch again.
  }, [controller, enabled, caseId, classIndex, headId]);
}
