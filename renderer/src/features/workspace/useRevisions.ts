import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import { reviewApi } from '../../api/index.js';
import type { MaskEditor } from '../../editor/index.js';
import { SaveQueue } from './saveQueue.js';
import type { CaseData } from './useCaseData.js';

/**
 * The case's revisions: the list, the head the editor holds, the queue that saves each edit as a
 * new revision, and restore (a new revision on the server, after which the case is reloaded).
 */
export function useRevisions(
  caseId: number,
  data: CaseData,
  editor: MaskEditor,
  reload: () => void,
  onError: (message: string) => void,
  /** After each stored revision (the saved one; null after a restore): what follows from it (state, areas) is re-read. */
  onStored: (revision: MaskRevision | null) => void,
) {
  const [revisions, setRevisions] = useState<MaskRevision[]>([]);
  // The head is the loaded one until a save replaces it. Kept with the data it follows: after a
  // reload (restore, prediction) the workspace gets new data without remounting this hook.
  const [saved, setSaved] = useState<{ data: CaseData; revision: MaskRevision } | null>(null);
  const head = saved?.data === data ? saved.revision : data.head;

  const refresh = useCallback(() => {
    void reviewApi.listRevisions({ caseId }).then((r) => r.ok && setRevisions(r.value));
  }, [caseId]);
  useEffect(refresh, [refresh]);

  const saves = useMemo(
    () =>
      new SaveQueue(
        reviewApi,
        caseId,
        data.head?.id ?? null,
        () => editor.labels,
        (revision) => {
          setSaved({ data, revision });
          refresh();
          onStored(revision);
        },
        onError,
      ),
    // onError only shows a message; the queue lives as long as the case.
    [caseId, data, editor, refresh, onStored],
  );

  const restore = useCallback(
    async (revisionId: number) => {
      if (saves.busy) return onError('Wait for the current save to finish.');
      const r = await reviewApi.restoreRevision({ caseId, revisionId });
      if (!r.ok) return onError(r.error.message);
      reload();
      onStored(null);
    },
    [caseId, saves, reload, onError, onStored],
  );

  return { revisions, head, saves, restore };
}
