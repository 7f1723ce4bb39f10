import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { VersionAgreementView } from '../../../../shared/domain/model.js';

/** Dice between each version's predictions and the final labels: rising means less to correct. */
export function AgreementChart({ rows }: { rows: VersionAgreementView[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const plot = new uPlot(
      {
        width: 520,
        height: 160,
        title: 'Agreement with the final labels, per model version',
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [
          { stroke: '#9aa0a6', values: (_u, ticks) => ticks.map((t) => rows[t]?.modelVersion ?? '') },
          { stroke: '#9aa0a6', label: 'Dice' },
        ],
        series: [{}, { label: 'Dice', stroke: '#0a84ff', width: 2, points: { show: true, size: 8 } }],
      },
      [rows.map((_, i) => i), rows.map((r) => r.meanDice)],
      host.current!,
    );
    return () => plot.destroy();
  }, [rows]);
  return <div ref={host} className="training-chart" role="img" aria-label={`Agreement chart, ${rows.length} versions`} />;
}
