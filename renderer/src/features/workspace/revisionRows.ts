/**
 * What the Revisions list shows. Every editor change autosaves (nothing is lost), undo and redo
 * included, and those saves stay in the database as revisions of kind undo/redo. The list shows
 * edit points only: an undo/redo save is listed just while it is the case's current mask (so the
 * head is always visible), as "after undo/redo". 4 edits + 3 undos + 1 redo list 4 edits and the
 * current mask, not 9 rows.
 */
import type { MaskRevision } from '../../../../shared/domain/mask.js';
import type { LabelSchema } from '../../../../shared/domain/project.js';

export interface RevisionRow {
  revision: MaskRevision;
  /** Tool (or model / import / restore), class, pixels changed, author: one line. */
  text: string;
}

const TOOL_NAMES: Record<string, string> = {
  brush: 'Brush',
  eraser: 'Eraser',
  intensityBrush: 'Intensity brush',
  polygonFill: 'Polygon',
  polygonErase: 'Polygon erase',
  fillHoles: 'Fill holes',
  removeIslands: 'Remove islands',
  clear: 'Clear',
  clicks: 'Clicks',
};

/** Tools that act on one class (erasing and clearing do not paint a class). */
const PAINTS_CLASS = new Set(['brush', 'intensityBrush', 'polygonFill', 'fillHoles', 'removeIslands']);

/** "fibroglandular (120, 340), fatty (10, 20)": each click's class and image pixel, oldest first. */
export function describeClicks(clicks: readonly { x: number; y: number; class: number }[], labels: LabelSchema): string {
  return clicks.map((c) => `${labels[c.class]?.name ?? `class ${c.class}`} (${c.x}, ${c.y})`).join(', ');
}

function what(r: MaskRevision): string {
  if (r.source === 'model') return `Model ${r.modelVersion ?? ''}`.trim();
  if (r.source === 'clicks') {
    const n = r.clicks?.length ?? 0;
    return `Model ${r.modelVersion ?? ''} + ${n} click${n === 1 ? '' : 's'}`;
  }
  if (r.source === 'import') return 'Imported labels';
  if (r.kind === 'restore') return r.tool ? r.tool.replace(/^restore/, 'Restore of') : 'Restore';
  const tool = r.tool ? (TOOL_NAMES[r.tool] ?? r.tool) : 'Edit';
  return r.kind === 'edit' ? tool : `After ${r.kind} (${tool})`;
}

const labelled = (r: MaskRevision) => r.classCounts.slice(1).reduce((a, b) => a + b, 0);

export function describeRevision(r: MaskRevision, labels: LabelSchema): string {
  const parts = [`#${r.id}`, what(r)];
  if (r.source === 'user' && r.tool && PAINTS_CLASS.has(r.tool) && r.classIndex !== null)
    parts.push(labels[r.classIndex]?.name ?? `class ${r.classIndex}`);
  if (r.source === 'clicks' && r.clicks?.length) parts.push(describeClicks(r.clicks, labels));
  parts.push(r.changedPixels === null ? `${labelled(r)} px labelled` : `${r.changedPixels} px changed`);
  parts.push(`by ${r.author}`, new Date(r.createdAt).toLocaleString());
  return parts.join(' · ');
}

/** The rows to list (oldest first) and how many undo/redo autosaves they leave out. */
export function revisionRows(
  revisions: readonly MaskRevision[],
  headId: number | null,
  labels: LabelSchema,
): { rows: RevisionRow[]; hidden: number } {
  const shown = revisions.filter((r) => (r.kind !== 'undo' && r.kind !== 'redo') || r.id === headId);
  return {
    rows: shown.map((revision) => ({ revision, text: describeRevision(revision, labels) })),
    hidden: revisions.length - shown.length,
  };
}
