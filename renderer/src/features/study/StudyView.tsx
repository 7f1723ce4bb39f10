import { useEffect, useMemo, useState } from 'react';
import { STUDY_SLOTS, type Study, type StudySlot } from '../../../../shared/domain/study.js';
import type { LabelSchema } from '../../../../shared/domain/project.js';
import { expectOk, reviewApi } from '../../api/index.js';
import { isTextField } from '../keys/textField.js';
import { MeasurementsPanel } from '../measure/MeasurementsPanel.js';
import { StudyPane } from './StudyPane.js';
import { StudyLink } from './studyLink.js';
import './study.css';

export interface StudyViewProps {
  projectId: number;
  labels: LabelSchema;
  /** Opens a case in the editor. */
  onOpen(caseId: number): void;
}

/**
 * The hanging of one study: RCC | LCC over RMLO | LMLO, back to back. Zoom, pan and
 * window/level are linked across the four unless unlinked; 1-4 open a slot in the editor and
 * Enter the focused one.
 */
export function StudyView({ projectId, labels, onOpen }: StudyViewProps) {
  const [studies, setStudies] = useState<Study[] | null>(null);
  const [key, setKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [focused, setFocused] = useState<StudySlot>('RCC');
  const [linked, setLinked] = useState(true);
  const link = useMemo(() => new StudyLink(), []);
  link.linked = linked;
  const palette = useMemo(() => labels.map((c) => c.color), [labels]);

  useEffect(() => {
    let live = true;
    expectOk(reviewApi.listStudies({ projectId }))
      .then((list) => {
        if (!live) return;
        setStudies(list);
        // Four-view studies first: they are what this view is for.
        setKey((k) => k ?? [...list].sort((a, b) => filled(b) - filled(a))[0]?.key ?? null);
      })
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [projectId]);

  const study = studies?.find((s) => s.key === key) ?? null;
  // 1-4 open a slot, Enter the focused one, from anywhere on the page (not only after a click
  // on a pane) but never while typing.
  useEffect(() => {
    if (!study) return;
    const down = (e: KeyboardEvent) => {
      if (isTextField(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const slot = e.key === 'Enter' ? focused : STUDY_SLOTS[Number(e.key) - 1];
      const caseId = slot && study.slots[slot];
      if (caseId) {
        e.preventDefault();
        onOpen(caseId);
      }
    };
    window.addEventListener('keydown', down);
    return () => window.removeEventListener('keydown', down);
  }, [study, focused, onOpen]);

  if (error) return <p role="alert">{error}</p>;
  if (!studies) return <p className="loading">Loading studies…</p>;
  if (!study) return <p className="hint">No studies yet: import the images of a study.</p>;
  const focusedCase = study.slots[focused] ?? STUDY_SLOTS.map((s) => study.slots[s]).find((id) => id !== null) ?? null;

  return (
    <div className="study-view" aria-label="Study view">
      <div className="study-bar">
        <select aria-label="Study" value={study.key} onChange={(e) => setKey(e.target.value)}>
          {studies.map((s) => (
            <option key={s.key} value={s.key}>
              {s.label} ({filled(s)}/4)
            </option>
          ))}
        </select>
        <label>
          <input type="checkbox" checked={linked} onChange={(e) => setLinked(e.target.checked)} /> Link zoom, pan and window
        </label>
        <span className="study-density" aria-label="Study density">
          {study.density
            ? `Study density ${study.density.percent.toFixed(1)}% · BI-RADS ${study.density.quartile} (hint, ${study.density.images} images)`
            : 'No study density: no view hung here has a tissue mask'}
        </span>
      </div>
      <div className="study-grid">
        {STUDY_SLOTS.map((slot) => (
          <StudyPane
            key={`${study.key}:${slot}`}
            slot={slot}
            caseId={study.slots[slot]}
            link={link}
            palette={palette}
            focused={slot === focused}
            onFocus={() => setFocused(slot)}
            onOpen={onOpen}
          />
        ))}
      </div>
      {focusedCase !== null && <MeasurementsPanel caseId={focusedCase} />}
    </div>
  );
}

const filled = (s: Study) => STUDY_SLOTS.filter((slot) => s.slots[slot] !== null).length;
