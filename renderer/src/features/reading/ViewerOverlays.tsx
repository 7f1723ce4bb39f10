import type { CaseDetail } from '../../../../shared/domain/case.js';
import type { LabelSchema } from '../../../../shared/domain/project.js';
import { ClassLegend } from './ClassLegend.js';
import { CornerOverlays } from './CornerOverlays.js';
import { HeatScale } from './HeatScale.js';
import type { CaseHeader } from './useCaseHeader.js';
import { useOverlayToggle } from './useOverlayToggle.js';

export interface ViewerOverlaysProps {
  detail: CaseDetail;
  header: CaseHeader;
  labels: LabelSchema;
  classIndex: number;
  heat: boolean;
}

/**
 * Everything drawn over the image in HTML: corner text (T, the keymap's 'view.overlays', toggles it), the class legend and the
 * heat map's scale. Absolutely placed inside the canvas stack, so none of it moves the layout.
 */
export function ViewerOverlays({ detail, header, labels, classIndex, heat }: ViewerOverlaysProps) {
  const corners = useOverlayToggle();
  return (
    <div className="viewer-overlays">
      {corners && <CornerOverlays detail={detail} header={header} />}
      <div className="legend-stack">
        {heat && <HeatScale className={labels[classIndex]?.name ?? `class ${classIndex}`} />}
        <ClassLegend labels={labels} selected={classIndex} />
      </div>
    </div>
  );
}
