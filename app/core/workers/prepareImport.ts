/**
 * Everything CPU-heavy about importing one file: decode, the sha256 of the decoded pixels
 * (the duplicate key) and the thumbnail. Runs in a decode worker; the importing thread keeps
 * only the SQLite writes and blob puts.
 */
import type { PixelMeta } from '../../../shared/domain/imaging.js';
import { pixelBytes } from '../cases/pixelBytes.js';
import { makeThumbnail } from '../cases/thumbnail.js';
import { decodeImage } from '../imaging/decode.js';
import { toPixelMeta } from '../imaging/meta.js';
import { pngSamplesArePixels } from '../imaging/png.js';
import { withoutIdat } from '../imaging/pngHeader.js';
import type { DecodedImage } from '../imaging/types.js';
import { sha256Hex } from '../storage/blobStore.js';

export interface PreparedImport {
  image: DecodedImage;
  pixelMeta: PixelMeta;
  pixelSha256: string;
  /** 8-bit PNG, at most 256 px a side. */
  thumbnail: Uint8Array;
  /**
   * A greyscale PNG is stored once (issue 24 item 9): its decoded pixels, which are exactly its
   * samples, and as its source this, the file without its IDAT chunks (migrations/013). Absent:
   * the source blob is the file itself.
   */
  sourceWithoutPixels?: Uint8Array;
}

export async function prepareImport(bytes: Uint8Array, name: string): Promise<PreparedImport> {
  const image = await decodeImage(bytes, name);
  const pixelMeta = toPixelMeta(image);
  const prepared = {
    image,
    pixelMeta,
    pixelSha256: sha256Hex(pixelBytes(image.pixels)),
    thumbnail: makeThumbnail(image.pixels, pixelMeta),
  };
  return image.format === 'png' && pngSamplesArePixels(bytes) ? { ...prepared, sourceWithoutPixels: withoutIdat(bytes) } : prepared;
}
