import { describe, expect, it } from 'vitest';
import type { MaskRevision } from '../../../shared/domain/mask.js';
import { revisionRows } from '../../../renderer/src/features/workspace/revisionRows.js';

const LABELS = ['background', 'fatty', 'fibroglandular', 'pectoral'].map((name) => ({ name, color: '#000000' }));

const revision = (id: number, change: Partial<MaskRevision>): MaskRevision => ({
  id,
  caseId: 1,
  parentId: id > 1 ? id - 1 : null,
  source: 'user',
  author: 'ann',
  modelVersion: null,
  createdAt: '2026-12-07T19:00:00.000Z',
  classCounts: [10, 6],
  kind: 'edit',
  tool: null,
  classIndex: null,
  changedPixels: 4,
  clicks: null,
  ...change,
});

describe('revisionRows', () => {
  it('lists a click revision as "Model v + N clicks" with each click (class and pixel); its undo as after undo', () => {
    const revisions = [
      revision(1, { source: 'model', author: 'model starter', modelVersion: 'starter' }),
      revision(2, {
        source: 'clicks',
        modelVersion: 'starter',
        tool: 'clicks',
        classIndex: 1,
        clicks: [
          { x: 120, y: 340, class: 2 },
          { x: 10, y: 20, class: 1 },
        ],
      }),
      revision(3, { kind: 'undo', tool: 'clicks', classIndex: 1 }),
    ];
    const { rows } = revisionRows(revisions, 3, LABELS);
    expect(rows[1]!.text).toMatch(
      /^#2 · Model starter \+ 2 clicks · fibroglandular \(120, 340\), fatty \(10, 20\) · 4 px changed · by ann · /,
    );
    expect(rows[2]!.text).toMatch(/^#3 · After undo \(Clicks\) · 4 px changed/);
  });
});
