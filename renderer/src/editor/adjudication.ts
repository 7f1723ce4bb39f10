/**
 * The adjudication view's state (issue 26), without React or the DOM: two readers' label maps,
 * the adjudicator's picks so far and the consensus they make (shared/readers/adjudication.ts,
 * the function the core replays when the consensus is saved), and the RGBA images the view
 * draws: A, B, their difference coloured by the pair of classes, and the consensus.
 */
import { adjudicate, applyPick, disagreementRegion, type AdjudicationPick, type Consensus } from '../../../shared/readers/adjudication.js';

/** An RGB colour per class index, from the project's label schema ("#rrggbb"). */
export type ClassColors = readonly string[];

const rgb = (hex: string): [number, number, number] => {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

/**
 * The colour of a disagreement "A says class i, B says class j": the two class colours mixed,
 * A's weighing more, so each ordered pair of classes has its own colour and the legend can name
 * it; pixels where the readers agree are left transparent.
 */
export function pairColor(colors: ClassColors, a: number, b: number): [number, number, number] {
  const ca = rgb(colors[a] ?? '#ffffff');
  const cb = rgb(colors[b] ?? '#ffffff');
  // Background is drawn as white: a mix with black would make "A: none" pairs invisible.
  const tone = (c: [number, number, number], cls: number) => (cls === 0 ? ([255, 255, 255] as const) : c);
  const [ta, tb] = [tone(ca, a), tone(cb, b)];
  return [Math.round(ta[0] * 0.65 + tb[0] * 0.35), Math.round(ta[1] * 0.65 + tb[1] * 0.35), Math.round(ta[2] * 0.65 + tb[2] * 0.35)];
}

export class AdjudicationSession {
  private picks: AdjudicationPick[] = [];
  private consensus: Consensus;

  constructor(
    readonly a: Uint8Array,
    readonly b: Uint8Array,
    readonly width: number,
    readonly height: number,
  ) {
    this.consensus = adjudicate(a, b, width, height, []);
  }

  /** Takes A's or B's labels over the disagreement region under (x, y); answers the pixels it set (0: they agree there). */
  pick(x: number, y: number, take: 'a' | 'b'): number {
    const pick = { x: Math.floor(x), y: Math.floor(y), take };
    const changed = applyPick(this.consensus, this.a, this.b, this.width, this.height, pick);
    if (changed) this.picks.push(pick);
    return changed;
  }

  /** Undoes the last pick (the consensus is recomputed from the ones left). */
  undo(): boolean {
    if (!this.picks.pop()) return false;
    this.consensus = adjudicate(this.a, this.b, this.width, this.height, this.picks);
    return true;
  }

  /** The picks to send with the save (the core replays them). */
  currentPicks(): AdjudicationPick[] {
    return [...this.picks];
  }

  /** Pixels in the disagreement region under (x, y), for the cursor's highlight. */
  regionAt(x: number, y: number): Int32Array {
    return disagreementRegion(this.a, this.b, this.width, this.height, Math.floor(x), Math.floor(y));
  }

  /** Pixels where the readers disagree. */
  disagreeing(): number {
    let n = 0;
    for (let i = 0; i < this.a.length; i++) if (this.a[i] !== this.b[i]) n++;
    return n;
  }

  /** Provenance per pixel of the consensus so far (0 agreed, 1 A, 2 B). */
  provenance(): Uint8Array {
    return this.consensus.provenance;
  }

  labelsRgba(which: 'a' | 'b' | 'consensus', colors: ClassColors, alpha = 170): Uint8ClampedArray {
    const labels = which === 'a' ? this.a : which === 'b' ? this.b : this.consensus.labels;
    const out = new Uint8ClampedArray(labels.length * 4);
    const table = colors.map(rgb);
    for (let i = 0; i < labels.length; i++) {
      const c = labels[i]!;
      if (c === 0) continue;
      const [r, g, b] = table[c] ?? [255, 255, 255];
      out.set([r, g, b, alpha], i * 4);
    }
    return out;
  }

  /** Disagreeing pixels coloured by their (A class, B class) pair; agreement transparent. */
  differenceRgba(colors: ClassColors): Uint8ClampedArray {
    const out = new Uint8ClampedArray(this.a.length * 4);
    const cache = new Map<number, [number, number, number]>();
    for (let i = 0; i < this.a.length; i++) {
      const ca = this.a[i]!;
      const cb = this.b[i]!;
      if (ca === cb) continue;
      const key = ca * 256 + cb;
      let color = cache.get(key);
      if (!color) cache.set(key, (color = pairColor(colors, ca, cb)));
      out.set([color[0], color[1], color[2], 255], i * 4);
    }
    return out;
  }

  /** The (A class, B class) pairs present, with their pixel counts, for the legend. */
  pairs(): { a: number; b: number; pixels: number }[] {
    const counts = new Map<number, number>();
    for (let i = 0; i < this.a.length; i++)
      if (this.a[i] !== this.b[i]) counts.set(this.a[i]! * 256 + this.b[i]!, (counts.get(this.a[i]! * 256 + this.b[i]!) ?? 0) + 1);
    return [...counts].map(([key, pixels]) => ({ a: key >> 8, b: key & 255, pixels })).sort((x, y) => y.pixels - x.pixels);
  }
}
