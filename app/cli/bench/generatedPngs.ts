/**
 * The benches' 2000x3000 16-bit greyscale PNGs: generated (a smooth ramp, distinct per file, so
 * none is skipped as a duplicate), or a folder of real or gen_png16.py files to import instead.
 */
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type CreateRaw } from 'sharp';

export const GENERATED_WIDTH = 2000;
export const GENERATED_HEIGHT = 3000;
const RAW_16 = { width: GENERATED_WIDTH, height: GENERATED_HEIGHT, channels: 1, depth: 'ushort' } as CreateRaw;

/** Distinct generated PNGs, encoded by libvips (zlib level 1, like a fast exporter): ~0.2 s each. */
export async function generatePngs(dir: string, count: number): Promise<string[]> {
  const base = new Uint16Array(GENERATED_WIDTH * GENERATED_HEIGHT);
  for (let y = 0; y < GENERATED_HEIGHT; y++)
    for (let x = 0; x < GENERATED_WIDTH; x++) base[y * GENERATED_WIDTH + x] = (x * 7 + y * 3) & 0x0fff;
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    base[(i * 7919) % base.length] = 4096 + i; // unique pixels per file
    const png = await sharp(Buffer.from(base.buffer), { raw: RAW_16 }).toColourspace('grey16').png({ compressionLevel: 1 }).toBuffer();
    const file = join(dir, `generated-${i}.png`);
    await writeFile(file, png);
    files.push(file);
  }
  return files;
}

/** The PNG files of a folder (not its subfolders), in name order; at most `count` when given. */
export function pngFilesIn(dir: string, count = Infinity): string[] {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.png$/i.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  if (names.length === 0) throw new Error(`${dir} holds no .png files`);
  return names.slice(0, count).map((name) => join(dir, name));
}
