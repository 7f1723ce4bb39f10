/**
 * Splits an import into requests the host accepts: its importFiles body limit is one largest
 * file (MAX_IMPORT_FILE_BYTES, 512 MiB) plus room for names, so several big files picked at
 * once travel in several requests, and the reports are merged back into one.
 */
import type { RequestOf, ResponseOf } from '../../../shared/contract/channels.js';
import { ok, type Result } from '../../../shared/contract/result.js';

type ImportRequest = RequestOf<'importFiles'>;
type ImportReport = ResponseOf<'importFiles'>;

/**
 * Bytes of file data per request. Well under the host's limit, so a group of files stays under
 * it; a single file larger than this still goes alone, and the host judges it.
 */
export const IMPORT_REQUEST_BYTES = 256 * 1024 * 1024;

/**
 * The one batching rule for imports: consecutive groups of at most `maxFiles` files and about
 * `budget` bytes (a single larger file goes alone). The import panel batches picked files with it
 * (to report progress and read only a batch into memory at a time), the HTTP client each request.
 */
export function batchBySize<T>(items: readonly T[], sizeOf: (item: T) => number, budget: number, maxFiles = Infinity): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    if (current.length && (size + sizeOf(item) > budget || current.length >= maxFiles)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += sizeOf(item);
  }
  if (current.length) groups.push(current);
  return groups;
}

export function splitImport(request: ImportRequest, budget = IMPORT_REQUEST_BYTES): ImportRequest[] {
  return batchBySize(request.files, (f) => f.data.byteLength, budget).map((files) => ({ ...request, files }));
}

/**
 * Sends each part in turn. A part the host refuses as a whole counts its files as failed with
 * the host's reason; only when every part fails is the import itself an error.
 */
export async function importInParts(
  request: ImportRequest,
  send: (part: ImportRequest) => Promise<Result<ImportReport>>,
  budget = IMPORT_REQUEST_BYTES,
): Promise<Result<ImportReport>> {
  const parts = splitImport(request, budget);
  if (parts.length === 1) return send(parts[0]!);
  const merged: ImportReport = { imported: [], duplicates: [], failed: [] };
  let firstError: Result<ImportReport> | undefined;
  let anyOk = false;
  for (const part of parts) {
    const result = await send(part);
    if (result.ok) {
      anyOk = true;
      merged.imported.push(...result.value.imported);
      merged.duplicates.push(...result.value.duplicates);
      merged.failed.push(...result.value.failed);
    } else {
      firstError ??= result;
      merged.failed.push(...part.files.map((f) => ({ name: f.name, reason: result.error.message })));
    }
  }
  return anyOk || !firstError ? ok(merged) : firstError;
}
