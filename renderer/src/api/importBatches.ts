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

export function splitImport(request: ImportRequest, budget = IMPORT_REQUEST_BYTES): ImportRequest[] {
  const groups: ImportRequest['files'][] = [];
  let current: ImportRequest['files'] = [];
  let size = 0;
  for (const file of request.files) {
    if (current.length && size + file.data.byteLength > budget) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += file.data.byteLength;
  }
  if (current.length) groups.push(current);
  return groups.map((files) => ({ ...request, files }));
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
