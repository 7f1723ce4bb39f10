/**
 * UIDs MammoSeg makes: "2.25." + the decimal of 128 bits (PS3.5 B.2, the UUID-derived root), at
 * most 44 characters. From a plain hash where the input is not secret (a SEG's own UIDs in a
 * normal export), from an HMAC where it must not be recomputable (de-identification).
 */
import { createHash, createHmac } from 'node:crypto';

const to225 = (digest: Buffer): string => `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString(10)}`;

/**
 * The same text always gives the same UID; anyone who knows the text can recompute it. (The
 * empty field is the salt of earlier versions, kept so their SEG UIDs stay the same.)
 */
export function uidFromText(text: string): string {
  return to225(createHash('sha256').update(`mammoseg-uid\0\0${text}`).digest());
}

/** The same (secret, text) gives the same UID; without the secret it cannot be recomputed. */
export function uidFromSecret(secret: Uint8Array, text: string): string {
  return to225(createHmac('sha256', secret).update(`uid\0${text}`).digest());
}
