import type { ResponseOf } from '../../../../shared/contract/channels.js';

const figure = (v: number | null, digits: number) => (v === null ? '–' : v.toFixed(digits));

/** The project's agreement: one row per pair of readers (and reader vs model), mean Dice per class. */
export function AgreementTable({ agreement }: { agreement: ResponseOf<'getAgreement'> }) {
  if (!agreement.table.length) return <p className="hint">No case has masks by two readers yet.</p>;
  const classes = agreement.classNames.slice(1);
  return (
    <table className="agreement-table" aria-label="Reader agreement">
      <thead>
        <tr>
          <th>Pair</th>
          <th>Cases</th>
          {classes.map((c) => (
            <th key={c}>Dice {c}</th>
          ))}
          <th>Density Δ (points)</th>
          <th>Disagree</th>
        </tr>
      </thead>
      <tbody>
        {agreement.table.map((row) => (
          <tr key={`${row.a}|${row.b}`}>
            <td>
              {row.a} vs {row.b}
            </td>
            <td>{row.cases}</td>
            {row.meanDice.map((d, i) => (
              <td key={i}>{figure(d, 3)}</td>
            ))}
            <td>{figure(row.meanDensityPoints, 1)}</td>
            <td>{row.disagreeing}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
