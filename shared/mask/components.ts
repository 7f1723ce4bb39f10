/**
 * 4-connected components of a w x h grid: the pixels `member` accepts, joined where `joins` says
 * two neighbours belong together (e.g. same true class). One flood fill with an explicit stack,
 * so a region of millions of pixels does not overflow the call stack.
 */
export interface Components {
  /** Component id + 1 per pixel (0: not a member). */
  ids: Int32Array;
  /** Pixel count per component (index id - 1). */
  sizes: number[];
}

export function components(
  width: number,
  height: number,
  member: (i: number) => boolean,
  joins: (from: number, to: number) => boolean = () => true,
): Components {
  const ids = new Int32Array(width * height);
  const sizes: number[] = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < ids.length; start++) {
    if (ids[start] || !member(start)) continue;
    const id = sizes.length + 1;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    ids[start] = id;
    while (top) {
      const i = stack[--top]!;
      size++;
      const x = i % width;
      const visit = (j: number) => {
        if (!ids[j] && member(j) && joins(i, j)) {
          ids[j] = id;
          stack[top++] = j;
        }
      };
      if (x > 0) visit(i - 1);
      if (x < width - 1) visit(i + 1);
      if (i >= width) visit(i - width);
      if (i < ids.length - width) visit(i + width);
    }
    sizes.push(size);
  }
  return { ids, sizes };
}
