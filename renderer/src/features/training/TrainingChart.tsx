import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EpochMetrics } from '../../../../shared/domain/trainingRecord.js';

/**
 * Loss and validation Dice per epoch (uPlot: small, fast, canvas-based). Epoch 0 is the parent
 * model's validation Dice, so a better model shows as a line rising above its start.
 */
export function TrainingChart({ epochs }: { epochs: EpochMetrics[] }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const options: uPlot.Options = {
      width: 520,
      height: 220,
      title: 'Training',
      scales: { x: { time: false }, dice: { range: [0, 1] } },
      axes: [
        { label: 'epoch', stroke: '#9aa0a6' },
        { label: 'loss', stroke: '#9aa0a6' },
        { side: 1, scale: 'dice', label: 'validation Dice', stroke: '#9aa0a6', grid: { show: false } },
      ],
      series: [
        { label: 'epoch' },
        { label: 'loss', stroke: '#ff9f0a', width: 2 },
        { label: 'val Dice', scale: 'dice', stroke: '#34c759', width: 2 },
      ],
    };
    plot.current = new uPlot(options, [[], [], []], host.current!);
    return () => plot.current?.destroy();
  }, []);

  useEffect(() => {
    plot.current?.setData([epochs.map((e) => e.epoch), epochs.map((e) => e.loss), epochs.map((e) => e.meanDice)]);
  }, [epochs]);

  return (
    <div
      ref={host}
      className="training-chart"
      role="img"
      aria-label={`Training chart, ${epochs.length} epochs`}
      data-epochs={epochs.length}
    />
  );
}
