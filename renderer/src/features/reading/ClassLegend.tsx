import type { LabelSchema } from '../../../../shared/domain/project.js';

/** The class colours of the mask, the class being drawn marked. Background has no colour. */
export function ClassLegend({ labels, selected }: { labels: LabelSchema; selected: number }) {
  return (
    <ul className="class-legend" aria-label="Class colours">
      {labels.map((label, i) =>
        i === 0 ? null : (
          <li key={label.name} className={i === selected ? 'selected' : ''}>
            <span className="swatch" style={{ background: label.color }} aria-hidden="true" />
            {i} {label.name}
          </li>
        ),
      )}
    </ul>
  );
}
