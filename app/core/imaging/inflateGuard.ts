/**
 * How many bytes a zlib stream inflates to, counted as it streams and never held: a PNG whose
 * few kilobytes of IDAT inflate to gigabytes is measured in chunks of 16 KB and abandoned as soon
 * as it passes `limit`, before the PNG decoder (which inflates everything into one buffer) sees it.
 */
import { createInflate } from 'node:zlib';

export interface InflateMeasure {
  /** Bytes inflated; more than `limit` means the stream was abandoned there. */
  size: number;
  /** The zlib error that ended the stream, if any (a corrupt or cut stream). */
  error?: Error;
}

export function measureInflate(parts: readonly Uint8Array[], limit: number): Promise<InflateMeasure> {
  return new Promise((resolve) => {
    const inflate = createInflate();
    let size = 0;
    let settled = false;
    const settle = (result: InflateMeasure) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(result);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle({ size });
    });
    inflate.on('end', () => settle({ size }));
    inflate.on('error', (error: Error) => settle({ size, error }));
    for (const part of parts) inflate.write(part);
    inflate.end();
  });
}
