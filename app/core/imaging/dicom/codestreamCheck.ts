/**
 * Before a compressed frame reaches a codec: the size its codestream declares must be the size
 * the DICOM header declares (already checked against the limits). The codecs allocate from the
 * codestream's numbers, so a frame that claims 60000 x 60000 inside a 512 x 512 header would
 * otherwise take gigabytes of wasm memory before failing.
 */
import { ImageDecodeError } from '../errors.js';
import { jpegFrameHeader } from '../jpegHeader.js';
import { j2kSize } from './j2kHeader.js';
import type { PixelEncoding } from './transferSyntax.js';

export interface FrameShape {
  width: number;
  height: number;
  components: number;
}

function declared(encoding: PixelEncoding, data: Uint8Array): FrameShape | undefined {
  if (encoding === 'jpeg-2000') return j2kSize(data);
  const sof = jpegFrameHeader(data);
  return sof && { width: sof.width, height: sof.height, components: sof.components };
}

export function checkCodestream(encoding: PixelEncoding, data: Uint8Array, header: FrameShape, fileName: string): void {
  const fail = (reason: string): never => {
    throw new ImageDecodeError(fileName, reason);
  };
  const frame = declared(encoding, data) ?? fail('the compressed frame has no image header (corrupt or truncated?)');
  if (frame.width !== header.width || frame.height !== header.height) {
    fail(`the compressed frame is ${frame.width} x ${frame.height} pixels but the header says ${header.width} x ${header.height}`);
  }
  if (frame.components !== header.components) {
    fail(`the compressed frame has ${frame.components} components but the header says ${header.components}`);
  }
}
