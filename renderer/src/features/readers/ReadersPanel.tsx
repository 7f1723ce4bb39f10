import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../../../shared/contract/channels.js';
import type { LabelClass } from '../../../../shared/domain/project.js';
import { expectOk, reviewApi } from '../../api/index.js';
import { ReaderDialog } from './ReaderDialog.js';
import { AdjudicationView } from './AdjudicationView.js';
import { AgreementTable } from './AgreementTable.js';

type Readers = ResponseOf<'getReaders'>;
type Agreement = ResponseOf<'getAgreement'>;

/**
 * Reading with several readers (issue 26): who reads now (switch, or add a reader), blinded
 * second reading, submitting the open case, the project's agreement table, the cases where
 * readers disagree (also a case-list filter) and the adjudication of one of them.
 */
export function ReadersPanel({
  projectId,
  caseId,
  labels,
  onClose,
  onChanged,
  onDisagreeFilter,
  disagreeFilterOn,
}: {
  projectId: number;
  caseId: number | null;
  labels: readonly LabelClass[];
  onClose: () => void;
  /** The reader, the blinding or a mask changed: the case list and the open case reload. */
  onChanged: () => void;
  onDisagreeFilter: (caseIds: number[] | null) => void;
  disagreeFilterOn: boolean;
}) {
  const [readers, setReaders] = useState<Readers | null>(null);
  const [agreement, setAgreement] = useState<Agreement | null>(null);
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [adjudicating, setAdjudicating] = useState<number | null>(null);

  const reload = useCallback(async () => {
    const [r, a] = await Promise.all([expectOk(reviewApi.getReaders({})), expectOk(reviewApi.getAgreement({ projectId }))]);
    setReaders(r);
    setAgreement(a);
  }, [projectId]);
  useEffect(() => void reload().catch((e: unknown) => setMessage((e as Error).message)), [reload]);

  const act = async (work: () => Promise<unknown>, done?: string) => {
    try {
      await work();
      setMessage(done ?? null);
      await reload();
      onChanged();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  if (!readers || !agreement) return null;
  const disagreeing = agreement.cases.filter((c) => c.disagree);

  if (adjudicating !== null)
    return (
      <AdjudicationView
        caseId={adjudicating}
        labels={labels}
        onClose={() => setAdjudicating(null)}
        onSaved={() => void act(async () => setAdjudicating(null), 'Consensus saved.')}
      />
    );

  return (
    <ReaderDialog title="Readers" className="readers-panel" onClose={onClose}>
      <div className="readers-row">
        <label>
          Reading as{' '}
          <select
            aria-label="Current reader"
            value={readers.current}
            onChange={(e) => void act(() => expectOk(reviewApi.switchReader({ name: e.target.value })))}
          >
            {readers.readers.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => expectOk(reviewApi.switchReader({ name: draft })), `Now reading as ${draft}.`).then(() => setDraft(''));
          }}
        >
          <input aria-label="New reader" placeholder="Family^Given" value={draft} onChange={(e) => setDraft(e.target.value)} />
          <button type="submit">Add reader</button>
        </form>
        <label title="Other readers' masks, the model's and their review states stay hidden until you submit the case">
          <input
            type="checkbox"
            aria-label="Blinded reading"
            checked={readers.blinded}
            onChange={(e) => void act(() => expectOk(reviewApi.setBlindedReading({ blinded: e.target.checked })))}
          />{' '}
          Blinded second reading
        </label>
        {caseId !== null && (
          <button type="button" onClick={() => void act(() => expectOk(reviewApi.submitReading({ caseId })), 'Reading submitted.')}>
            Submit my reading of this case
          </button>
        )}
      </div>
      {message && <p role="status">{message}</p>}
      <AgreementTable agreement={agreement} />
      <h3>
        Readers disagree: {disagreeing.length} case(s){' '}
        <label>
          <input
            type="checkbox"
            aria-label="Only cases where readers disagree"
            checked={disagreeFilterOn}
            onChange={(e) => onDisagreeFilter(e.target.checked ? disagreeing.map((c) => c.caseId) : null)}
          />{' '}
          show only these in the case list
        </label>
      </h3>
      <ul className="disagree-list">
        {agreement.cases
          .filter((c) => c.readers.length >= 2)
          .map((c) => (
            <li key={c.caseId}>
              {c.caseName} ({c.readers.join(', ')}){c.disagree ? ' · disagree' : ''}{' '}
              <button type="button" onClick={() => setAdjudicating(c.caseId)}>
                Adjudicate
              </button>
            </li>
          ))}
      </ul>
    </ReaderDialog>
  );
}
