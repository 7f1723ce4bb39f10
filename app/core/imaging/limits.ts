/**
 * How big an image MammoSeg agrees to decode. Every decoder checks what a file DECLARES against
 * these caps before it allocates anything for it, so a few hostile bytes (a header that says
 * 50000 x 50000, a deflate stream that inflates to gigabytes) cost a refusal, not the host's
 * memory. The caps live in the decoders, not in the process that runs them, so they hold in the
 * main process, in a worker and in the CLI alike. README.md (Limits) lists them with the reasons.
 */
import { ImageDecodeError } from './errors.js';

const MiB = 1024 * 1024;

export const IMAGE_LIMITS = {
  /**
   * Width or height. The largest mammography detectors are about 6000 pixels on a side (Fujifilm
   * 50 um: 5928 x 4728) and film digitised at 42 um is about 7100; 16384 leaves more than 2x headroom
   * and is the largest texture most WebGL implementations draw (MAX_TEXTURE_SIZE).
   */
  maxSide: 16384,
  /** Width x height: 100 megapixels is 3.5x the largest detector (28 MP) and 200 MB at 16 bits. */
  maxPixels: 100_000_000,
  /**
   * Number of Frames. Breast tomosynthesis stacks are under 200 slices and ultrasound clips a few
   * thousand frames; a larger number is a corrupt header (only frame 1 is decoded anyway).
   */
  maxFrames: 10_000,
  /**
   * One decoded frame, all samples before colour is reduced to luminance: a 100 MP 16-bit
   * greyscale (200 MB) or 8-bit RGB (300 MB) frame fits; 100 MP of 16-bit RGBA (800 MB) does not.
   */
  maxDecodedBytes: 512 * MiB,
  /**
   * A deflated DICOM data set after inflation (Deflated Explicit VR Little Endian). Deflate is
   * used for small objects; 256 MB holds a 100 MP 16-bit frame and its header. zlib stops at
   * this many bytes, so a bomb costs at most this (twice, while the data set is copied).
   */
  maxInflatedBytes: 256 * MiB,
} as const;

/** Largest ratio of inflated to deflated size that deflate can reach (RFC 1951: ~1032:1). */
export const MAX_DEFLATE_RATIO = 1032;

export const megabytes = (bytes: number): string => `${Math.round(bytes / MiB)} MB`;

/**
 * Refuses a declared size that is not a positive integer or is over the caps. `what` names where
 * the size comes from, for the message ("the header", "the JPEG data").
 */
export function checkImageSize(fileName: string, width: number, height: number, what = 'the header'): void {
  const fail = (reason: string): never => {
    throw new ImageDecodeError(fileName, reason);
  };
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    fail(`${what} says ${width} x ${height} pixels`);
  }
  const { maxSide, maxPixels } = IMAGE_LIMITS;
  if (width > maxSide || height > maxSide) {
    fail(`${what} declares ${width} x ${height} pixels, over the ${maxSide}-pixel limit`);
  }
  if (width * height > maxPixels) {
    const mp = Math.round((width * height) / 1e6);
    fail(`${what} declares ${width} x ${height} pixels (${mp} megapixels), over the ${maxPixels / 1e6}-megapixel limit`);
  }
}

/** Refuses a frame whose decoded samples would take more than maxDecodedBytes. */
export function checkDecodedBytes(fileName: string, bytes: number): void {
  if (bytes > IMAGE_LIMITS.maxDecodedBytes) {
    throw new ImageDecodeError(
      fileName,
      `decoding it would take ${megabytes(bytes)}, over the ${megabytes(IMAGE_LIMITS.maxDecodedBytes)} limit`,
    );
  }
}

/** Refuses an absurd Number of Frames. */
export function checkFrameCount(fileName: string, frames: number): void {
  if (frames > IMAGE_LIMITS.maxFrames) {
    throw new ImageDecodeError(fileName, `the header declares ${frames} frames, over the ${IMAGE_LIMITS.maxFrames}-frame limit`);
  }
}
