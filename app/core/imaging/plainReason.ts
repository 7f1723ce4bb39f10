/**
 * Low-level failures (RangeError from a typed array, DataView bounds, zlib codes, dicom-parser's
 * "dicomParser.readFixedString: ..." strings, codec exceptions) in words about the FILE. A user
 * reading an import report cannot act on "Offset is outside the bounds of the DataView"; they can
 * on "the file ends before its data (truncated?)". Codec messages that are already plain (CharLS:
 * "Invalid JPEG-LS stream ...", our RLE reader) pass through; anything that smells of JavaScript
 * becomes the generic sentence.
 */

const TRUNCATED = 'the file ends before its data (truncated?)';
const CORRUPT_COMPRESSED = 'compressed data is corrupt';
export const GENERIC = 'the image data is corrupt or in a form MammoSeg cannot read';

/** Phrases that say nothing to a user; a message with any of them is replaced. */
const INTERNAL =
  /typed array|DataView|undefined|null|NaN|is not a function|is not iterable|Cannot read propert|CHECK constraint|RangeError|TypeError|ReferenceError|\[object|[A-Za-z_]\w*\.[A-Za-z_]\w*\s*[(:]|\w+\(\)|\bat \w+ \(|Maximum call stack|out of memory/i;

const RULES: [RegExp, string][] = [
  // running past the end of the bytes, whoever noticed it
  [
    /outside the bounds|out of bounds|past end|overrun|overread|beyond the end|premature end|unexpected end|end of (buffer|data|stream|file)/i,
    TRUNCATED,
  ],
  [/cannot be less than 0|must be >= 0/i, 'the header contains an impossible length or position'],
  [
    /Invalid typed array length|Invalid array length|Array buffer allocation failed|allocation failed|Maximum call stack|out of memory/i,
    'the header declares sizes the file cannot hold (corrupt?)',
  ],
  [/basic offset table|fragment/i, 'the table of compressed fragments is corrupt'],
  [/item tag \(FFFE,E000\) not found|readSequenceItem/i, 'a sequence in the header is damaged'],
  [/maxPosition|maxP osition/i, 'an element length points past the end of the file (truncated or corrupt?)'],
  [/invalid (DA|TM) /i, 'a date or time in the header is invalid'],
  [/missing required meta header attribute 0002,0010/i, 'the file meta header has no Transfer Syntax UID (0002,0010)'],
  [
    /incorrect (header|data) check|invalid (block type|distance|code|stored block|literal)|too many length|decompress|inflat|Z_DATA_ERROR|Z_BUF_ERROR/i,
    CORRUPT_COMPRESSED,
  ],
  [/maxMemoryUsage|maxResolution|exceeds .*limit/i, 'the image is over the size MammoSeg decodes'],
  [
    /marker (was )?not found|SOI not found|unknown marker|invalid marker|incorrect (?:number of )?marker/i,
    'the JPEG data is corrupt (a marker is missing or damaged)',
  ],
];

/** One line of any thrown value: Error, string (dicom-parser) or `{ exception }` (dicom-parser). */
export function messageOf(error: unknown): string {
  let text: string;
  if (typeof error === 'string') text = error;
  else if (error instanceof Error) text = error.message;
  else if (error && typeof error === 'object' && 'exception' in error) text = String((error as { exception: unknown }).exception);
  else text = String(error);
  return text.replace(/\s+/g, ' ').trim();
}

/** zlib errors carry a code; ERR_BUFFER_TOO_LARGE is our maxOutputLength being hit. */
function zlibReason(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'ERR_BUFFER_TOO_LARGE') return 'compressed data inflates to more than MammoSeg allows (a decompression bomb?)';
  if (code === 'Z_BUF_ERROR') return 'compressed data ends early (truncated?)';
  if (code.startsWith('Z_')) return CORRUPT_COMPRESSED;
  return undefined;
}

/** A plain-words reason for any failure below the decoders (never a JS call name or stack text). */
export function plainReason(error: unknown): string {
  const zlib = zlibReason(error);
  if (zlib) return zlib;
  const text = messageOf(error).replace(/^error:\s*/i, '');
  for (const [pattern, reason] of RULES) if (pattern.test(text)) return reason;
  if (text === '' || text.length > 160 || INTERNAL.test(text) || typeof error === 'number') return GENERIC;
  // "Invalid stream" -> "invalid stream", but "RLE segment ..." keeps its acronym
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
