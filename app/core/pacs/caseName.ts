/**
 * What a case pulled from a PACS is called: patient / study date / laterality view, read from the
 * retrieved instance's header (issue 23 item 8), as a reader names an image, instead of its SOP
 * Instance UID. Only the header's start is read: the pixel data that follows is not needed here.
 */
import { open } from 'node:fs/promises';
import dicomParser, { type DataSet } from 'dicom-parser';

/** Enough for any mammogram's header before its pixel data; a longer one keeps the UID name. */
const HEADER_BYTES = 1 << 20;

export async function pacsCaseName(file: string): Promise<string | null> {
  const handle = await open(file, 'r');
  let bytes: Uint8Array;
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
  } finally {
    await handle.close();
  }
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  } catch {
    return null; // a header past HEADER_BYTES, or deflated: the caller keeps the UID
  }
  const tag = (t: string) => ds.string(t)?.trim() ?? '';
  const patient = tag('x00100010').replace(/\^+/g, ' ').trim() || tag('x00100020');
  const date = tag('x00080020');
  const view = [tag('x00200062') || tag('x00200060'), tag('x00185101')].filter(Boolean).join(' ');
  const parts = [patient, /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}` : date, view];
  return parts.some(Boolean) ? parts.map((p) => p || '?').join(' / ') : null;
}
