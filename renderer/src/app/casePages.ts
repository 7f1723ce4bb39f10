/**
 * The case list's loading (issue 24 item 9): listCases page by page, each call well under
 * 200 KB (a 100 000-case list in one call is ~30 MB, and blocks the core while it is encoded).
 * Each page is handed on as it comes, so the first rows show while the rest load.
 */
import type { ReviewApi } from '../../../shared/contract/api.js';
import type { CaseFilter, CaseSummary } from '../../../shared/domain/case.js';

/** Cases per listCases call: ~300 bytes a case on the wire, so ~60 KB a page. */
export const CASE_PAGE = 200;

/**
 * Calls `onPage` with every case loaded so far after each page, `done` on the last; stops
 * (returning false) as soon as `current()` says a newer load replaced this one. Each page asks
 * for the cases after the previous page's last (keyset paging: the 500th page of 100 000 cases
 * is as quick as the first, where an offset made the core read every case before it).
 */
export async function loadCasePages(
  api: Pick<ReviewApi, 'listCases'>,
  projectId: number,
  filter: CaseFilter,
  onPage: (cases: CaseSummary[], done: boolean) => void,
  current: () => boolean,
): Promise<boolean> {
  let cases: CaseSummary[] = [];
  for (;;) {
    const after = cases.at(-1)?.id;
    const answer = await api.listCases({ projectId, filter, limit: CASE_PAGE, ...(after !== undefined && { after }) });
    if (!answer.ok) throw new Error(answer.error.message);
    const page = answer.value;
    if (!current()) return false;
    cases = cases.concat(page);
    const done = page.length < CASE_PAGE;
    onPage(cases, done);
    if (done) return true;
  }
}
