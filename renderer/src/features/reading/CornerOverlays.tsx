import type { CaseDetail } from '../../../../shared/domain/case.js';
import { lateralityView } from './lateralityView.js';
import { tagValue, type CaseHeader } from './useCaseHeader.js';

/** "20240131" -> "2024-01-31"; anything else as it is. */
const isoDate = (da: string | null) => (da && /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6)}` : da);

/**
 * What a reader checks before reading an image, in the corners as on a reading workstation:
 * patient top left, laterality and view large top right, study bottom left. Shown in the UI only.
 */
export function CornerOverlays({ detail, header }: { detail: CaseDetail; header: CaseHeader }) {
  const patient = [detail.patientName?.replace(/\^/g, ' ').trim(), detail.patientId && `ID ${detail.patientId}`]
    .filter(Boolean)
    .join(' · ');
  const study = [isoDate(tagValue(header, 'StudyDate')), tagValue(header, 'StudyDescription'), detail.manufacturer]
    .filter(Boolean)
    .join(' · ');
  const view = lateralityView(detail);
  return (
    <div className="corner-overlays" data-testid="corner-overlays">
      <div className="corner top-left">{patient || 'No patient data'}</div>
      <div className="corner top-right laterality" aria-label="Laterality and view">
        {view || '—'}
      </div>
      <div className="corner bottom-left">{study || detail.name}</div>
    </div>
  );
}
