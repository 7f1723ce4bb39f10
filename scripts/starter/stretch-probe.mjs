// The "fit" probe of the starter README: copies of the DDSM tissue images and label maps stretched
// to square (480 x 960 -> 960 x 960; libvips cubic for images, nearest for labels), so a 'contain'
// model's grid holds no padding. Import the copies like the originals and run the starter's
// `train --cv 5` on them. `train --fit fill` does the same inside the app, on the original images.
//
//   node scripts/starter/stretch-probe.mjs ../shared/data/mammo/ddsm-tissue /tmp/ddsm-stretched
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const [source, out] = process.argv.slice(2);
if (!source || !out) {
  console.error('usage: stretch-probe.mjs <ddsm-tissue folder> <output folder>');
  process.exit(2);
}
for (const [folder, kernel] of [
  ['images', 'cubic'],
  ['labels', 'nearest'],
]) {
  mkdirSync(join(out, folder), { recursive: true });
  for (const file of readdirSync(join(source, folder)).filter((f) => f.endsWith('.png'))) {
    const from = join(source, folder, file);
    const { height } = await sharp(from).metadata();
    await sharp(from)
      .resize(height, height, { fit: 'fill', kernel })
      .toColourspace('b-w')
      .png()
      .toFile(join(out, folder, file));
  }
}
console.log(`stretched copies in ${out}/images and ${out}/labels`);
