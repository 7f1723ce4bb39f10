/** Small synthetic images made in the test, so the core paths are tested without shared data. */

/** A binary PGM (P5) with a gradient; 16-bit when maxval > 255 (big endian, as Netpbm says). */
export function makePgm(width: number, height: number, maxval = 255, seed = 0): Uint8Array {
  const header = new TextEncoder().encode(`P5\n# made by a MammoSeg test\n${width} ${height}\n${maxval}\n`);
  const wide = maxval > 255;
  const body = new Uint8Array(width * height * (wide ? 2 : 1));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = Math.round((((x + y + seed) % (width + height)) / (width + height - 1)) * maxval);
      const i = y * width + x;
      if (wide) {
        body[2 * i] = v >> 8;
        body[2 * i + 1] = v & 0xff;
      } else body[i] = v;
    }
  }
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}
