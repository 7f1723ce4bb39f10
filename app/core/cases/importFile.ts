/**
 * A file on disk as an import item. Before anything else is read: it must be a regular file
 * (a FIFO named on the command line would block the read for good, /dev/zero never ends), no
 * larger than an upload may be, and its first bytes must carry an image signature; only then
 * is it read whole, when the import's memory budget admits it (importService.ts). Opened
 * non-blocking, so even opening a FIFO returns at once, and checked on the open descriptor, so
 * a file swapped for a device between the checks is caught too.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { MAX_IMPORT_FILE_BYTES } from '../../../shared/contract/channels.js';
import { HEAD_BYTES } from '../imaging/decodeCost.js';
import { isDicom } from '../imaging/dicom/decodeDicom.js';
import { ImageDecodeError } from '../imaging/errors.js';
import { isJpeg } from '../imaging/jpeg.js';
import { megabytes } from '../imaging/limits.js';
import { isPgm, isPpm } from '../imaging/pgm.js';
import { isPng } from '../imaging/png.js';
import type { ImportItem } from './importService.js';

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0);

/** `path` imported as `name`, reported as `label`. */
export function fileImportItem(path: string, name: string, label: string = name): ImportItem {
  return {
    name,
    label,
    peek: () =>
      withRegularFile(path, label, async (handle, size) => {
        const head = await readExactly(handle, Math.min(size, HEAD_BYTES));
        if (!looksLikeImage(head)) throw new ImageDecodeError(label, 'not a supported image (expected DICOM, PNG, JPEG, PGM or PPM)');
        return { size, head };
      }),
    load: () => withRegularFile(path, label, async (handle, size) => ({ bytes: await readExactly(handle, size), sourcePath: path })),
  };
}

export function looksLikeImage(head: Uint8Array): boolean {
  return isDicom(head) || isPng(head) || isJpeg(head) || isPgm(head) || isPpm(head);
}

async function withRegularFile<T>(path: string, label: string, use: (handle: FileHandle, size: number) => Promise<T>): Promise<T> {
  const handle = await open(path, OPEN_FLAGS);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ImageDecodeError(label, `${kindOf(info)}, not a regular file: only image files are imported`);
    if (info.size === 0) throw new ImageDecodeError(label, 'the file is empty');
    if (info.size > MAX_IMPORT_FILE_BYTES) {
      throw new ImageDecodeError(
        label,
        `the file is ${megabytes(info.size)}, more than the ${megabytes(MAX_IMPORT_FILE_BYTES)} an image may be`,
      );
    }
    return await use(handle, info.size);
  } finally {
    await handle.close();
  }
}

/** Exactly `size` bytes from the start; a file that shrank meanwhile fails rather than import half. */
async function readExactly(handle: FileHandle, size: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(size);
  let done = 0;
  while (done < size) {
    const { bytesRead } = await handle.read(bytes, done, size - done, done);
    if (bytesRead === 0) throw new Error('the file became shorter while it was read');
    done += bytesRead;
  }
  return bytes;
}

function kindOf(info: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isDirectory(): boolean;
}): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'a special file';
}
