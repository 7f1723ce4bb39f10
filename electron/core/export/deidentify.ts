/**
 * De-identification for exports: patient name and ID are dropped, UIDs are replaced by a
 * consistent hash ("2.25." + the decimal of 128 bits of sha256, PS3.5 B.2: same input UID, same
 * output UID, valid syntax, at most 44 characters), and dates move by one fixed number of days
 * per export. Both come from a salt, so two exports of the same data with the same salt are
 * byte-identical; the default salt is derived from the exported files themselves.
 */
import { createHash } from 'node:crypto';

export interface Deidentifier {
  readonly dateShiftDays: number;
  uid(uid: string): string;
  uid(uid: string | null): string | null;
  /** Shifts an ISO date-time ("2024-05-01T10:00:00.000Z") by the offset. */
  isoTime(iso: string): string;
  /** Shifts a DICOM DA value (YYYYMMDD); anything else becomes empty. */
  dicomDate(da: string | undefined): string;
}

const DAY_MS = 86_400_000;

export function hashUid(uid: string, salt: string): string {
  const digest = createHash('sha256').update(`mammoseg-uid\0${salt}\0${uid}`).digest();
  // 128 bits as an unsigned decimal (UUID-derived UIDs use 2.25 + 128-bit integer).
  const value = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  return `2.25.${value.toString(10)}`;
}

/** Offset in whole days, between -3650 and -365 (dates move into the past). */
export function dateShiftFor(salt: string): number {
  const digest = createHash('sha256').update(`mammoseg-date\0${salt}`).digest();
  return -(365 + (digest.readUInt32BE(0) % (3650 - 365 + 1)));
}

export function makeDeidentifier(salt: string, dateShiftDays = dateShiftFor(salt)): Deidentifier {
  const cache = new Map<string, string>();
  function uid(value: string): string;
  function uid(value: string | null): string | null;
  function uid(value: string | null): string | null {
    if (value === null || value === '') return value;
    let mapped = cache.get(value);
    if (!mapped) {
      mapped = hashUid(value, salt);
      cache.set(value, mapped);
    }
    return mapped;
  }
  return {
    dateShiftDays,
    uid,
    isoTime: (iso) => {
      const t = Date.parse(iso);
      return Number.isNaN(t) ? '' : new Date(t + dateShiftDays * DAY_MS).toISOString();
    },
    dicomDate: (da) => {
      const m = /^(\d{4})(\d{2})(\d{2})$/.exec((da ?? '').trim());
      if (!m) return '';
      const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + dateShiftDays * DAY_MS;
      return new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
    },
  };
}
