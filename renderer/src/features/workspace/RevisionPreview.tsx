import { useEffect, useRef, useState } from 'react';
import { decodeMaskRle } from '../../../../shared/mask/rle.js';
import { reviewApi } from '../../api/index.js';

const WIDTH = 120;

/** "#rrggbb" as [r, g, b]. */
const rgb = (hex: string): [number, number, number] =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) || 0) as [number, number, number];

/**
 * A small picture of one revision's mask, drawn from its stored label map, so a reader sees
 * what Restore would bring back before pressing it. Nearest-neighbour downsampling: a
 * mammogram-sized mask is never copied at full size.
 */
export function RevisionPreview({ caseId, revisionId, palette }: { caseId: number; revisionId: number; palette: readonly string[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'drawn' | string>('loading');

  useEffect(() => {
    let live = true;
    setState('loading');
    void reviewApi.getMask({ caseId, revisionId }).then((r) => {
      const c = canvas.current;
      if (!live || !c) return;
      if (!r.ok || !r.value.rle) return setState(r.ok ? 'empty mask' : r.error.message);
      const { width, height } = r.value;
      const labels = decodeMaskRle(r.value.rle, width * height);
      const h = Math.max(1, Math.round((height / width) * WIDTH));
      c.width = WIDTH;
      c.height = h;
      const ctx = c.getContext('2d');
      if (!ctx) return setState('no 2D canvas');
      const image = ctx.createImageData(WIDTH, h);
      const colours = palette.map(rgb);
      for (let y = 0; y < h; y++) {
        const row = Math.floor((y * height) / h) * width;
        for (let x = 0; x < WIDTH; x++) {
          const cls = labels[row + Math.floor((x * width) / WIDTH)]!;
          const [red, green, blue] = cls ? (colours[cls] ?? [255, 255, 255]) : [24, 26, 30];
          image.data.set([red, green, blue, 255], (y * WIDTH + x) * 4);
        }
      }
      ctx.putImageData(image, 0, 0);
      setState('drawn');
    });
    return () => {
      live = false;
    };
  }, [caseId, revisionId, palette]);

  return (
    <figure className="revision-preview">
      <canvas ref={canvas} role="img" aria-label={`Preview of revision #${revisionId}`} data-state={state} />
      {state !== 'drawn' && <figcaption>{state === 'loading' ? 'Loading…' : state}</figcaption>}
    </figure>
  );
}
