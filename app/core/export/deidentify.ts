/**
 * De-identification of exports after DICOM PS3.15 Annex E, the Basic Application Level
 * Confidentiality Profile with the Retain Longitudinal Temporal Information with Modified Dates
 * Option. Everything derives from one secret (deidSecret.ts) by HMAC-SHA256, and the secret is
 * never written into an export, so:
 *  - a case is named by an opaque id (`case-<12 hex>` of its file's sha256), stable across exports;
 *  - UIDs are remapped consistently ("2.25." + 128 HMAC bits): same secret, same UID; without the
 *    secret a known original UID cannot be checked against the export;
 *  - dates and times move together by one offset (365 to 3650 days and 0 to 86399 s into the past)
 *    that keeps intervals between them and is published nowhere; only the source's own dates are
 *    written (no revision or export time, whose true value lies near the files' own dates, and
 *    the files' dates are one fixed time: DEID_FILE_TIME), so the offset cannot be recovered.
 * The earlier scheme (sha256 of a salt made from the file hashes the manifest listed, and the day
 * shift written in the manifest) could be undone from the export alone.
 */
import { createHmac } from 'node:crypto';
import { uidFromSecret } from './uids.js';

export interface Deidentifier {
  /** Opaque, stable id of a case (from its file's sha256): its name in file names and manifests. */
  caseKey(fileSha256: string): string;
  uid(uid: string): string;
  uid(uid: string | null): string | null;
  /** A UID for an object MammoSeg makes (e.g. the SEG's own), from `text`. */
  newUid(text: string): string;
  /**
   * Moves a DICOM DA with its TM. Without a TM the date moves by the whole days of the offset
   * (a DA alone has only day precision); an unreadable DA gives '' for both.
   */
  dicomDateTime(da: string | undefined, tm: string | undefined): { date: string; time: string };
}

/** DCM codes of CID 7050 (De-identification Method), for DeidentificationMethodCodeSequence. */
export const DEID_METHOD_CODES: readonly { value: string; meaning: string }[] = [
  { value: '113100', meaning: 'Basic Application Confidentiality Profile' },
  { value: '113107', meaning: 'Retain Longitudinal Temporal Information Modified Dates Option' },
];

/** DeidentificationMethod (LO, 64 characters at most). */
export const DEID_METHOD_TEXT = 'PS3.15 E Basic Profile; Modified Dates Option; MammoSeg';

/** What the manifest says about the method (never the offset or the secret). */
export const DEID_MANIFEST_METHOD =
  'DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile with the Retain Longitudinal Temporal ' +
  'Information with Modified Dates Option: patient and reviewer identity, file names, paths and file hashes removed; ' +
  'cases named by keyed-hash ids; UIDs remapped (2.25, HMAC-SHA256 of a secret kept in the data folder); ' +
  'dates and times moved by one undisclosed offset';

const DAY_MS = 86_400_000;

/** Modification time of every file a de-identified export writes: when it was made tells nothing. */
export const DEID_FILE_TIME = new Date('2000-01-01T00:00:00Z');

export function makeDeidentifier(secret: Uint8Array): Deidentifier {
  const mac = (text: string): Buffer => createHmac('sha256', secret).update(text).digest();
  const offsetMs = dateOffsetMs(secret);
  const offsetDays = Math.floor(offsetMs / DAY_MS);
  const uids = new Map<string, string>();

  function uid(value: string): string;
  function uid(value: string | null): string | null;
  function uid(value: string | null): string | null {
    if (value === null || value === '') return value;
    let mapped = uids.get(value);
    if (!mapped) {
      mapped = uidFromSecret(secret, value);
      uids.set(value, mapped);
    }
    return mapped;
  }

  return {
    caseKey: (fileSha256) => `case-${mac(`case\0${fileSha256}`).subarray(0, 6).toString('hex')}`,
    uid,
    newUid: (text) => uidFromSecret(secret, `new\0${text}`),
    dicomDateTime: (da, tm) => {
      const date = /^(\d{4})(\d{2})(\d{2})$/.exec((da ?? '').trim());
      if (!date) return { date: '', time: '' };
      const day = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
      const time = /^(\d{2})(\d{2})?(\d{2})?(\.\d{1,6})?$/.exec((tm ?? '').trim());
      if (!time) return { date: formatDa(day + offsetDays * DAY_MS), time: '' };
      const t = day + ((Number(time[1]) * 60 + Number(time[2] ?? 0)) * 60 + Number(time[3] ?? 0)) * 1000 + offsetMs;
      const iso = new Date(t).toISOString();
      // The offset is whole seconds, so the fraction stays as it was.
      return { date: formatDa(t), time: `${iso.slice(11, 19).replace(/:/g, '')}${time[4] ?? ''}` };
    },
  };
}

/** The secret's offset in ms: -(365..3650 days + 0..86399 s). */
export function dateOffsetMs(secret: Uint8Array): number {
  const digest = createHmac('sha256', secret).update('date-offset').digest();
  const days = 365 + (digest.readUInt32BE(0) % (3650 - 365 + 1));
  const seconds = digest.readUInt32BE(4) % 86_400;
  return -(days * 86_400 + seconds) * 1000;
}

const formatDa = (t: number): string => new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
