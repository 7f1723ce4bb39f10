/** What a user reads when a parser or codec fails below the decoders (plainReason.ts). */
import { describe, expect, it } from 'vitest';
import { GENERIC, plainReason } from '../../../app/core/imaging/plainReason.js';

const zlibError = (code: string) => Object.assign(new Error('incorrect header check'), { code });

describe('plainReason', () => {
  it.each([
    ['a typed array too long for memory', new RangeError('Invalid typed array length: 5000000000'), /declares sizes the file cannot hold/],
    [
      'a DataView read past the end',
      new RangeError('Offset is outside the bounds of the DataView'),
      /ends before its data \(truncated\?\)/,
    ],
    ['dicom-parser running out of bytes', 'dicomParser.readFixedString: attempt to read past end of buffer', /ends before its data/],
    ['dicom-parser, wrapped', { exception: 'dicomParser:parseDicomDataSetExplicit: buffer overrun', dataSet: {} }, /ends before its data/],
    [
      'a damaged sequence',
      'dicomParser.readSequenceItem: item tag (FFFE,E000) not found at offset 1480',
      /a sequence in the header is damaged/,
    ],
    ['corrupt deflate', zlibError('Z_DATA_ERROR'), /^compressed data is corrupt$/],
    ['deflate cut short', zlibError('Z_BUF_ERROR'), /compressed data ends early/],
    ['a zlib output cap', zlibError('ERR_BUFFER_TOO_LARGE'), /decompression bomb/],
    ['a property of undefined', new TypeError("Cannot read properties of undefined (reading 'index')"), new RegExp(`^${GENERIC}$`)],
    ['a C++ exception pointer (CharLS)', 5251744, new RegExp(`^${GENERIC}$`)],
  ])('%s becomes words about the file', (_what, error, expected) => {
    const reason = plainReason(error);
    expect(reason).toMatch(expected);
    expect(reason).not.toMatch(/typed array|DataView|undefined|dicomParser|RangeError|Cannot read/);
  });

  it('a codec message that is already plain passes through', () => {
    expect(plainReason(new Error('Invalid JPEG-LS stream, the encoded bit stream contains a general structural problem'))).toBe(
      'invalid JPEG-LS stream, the encoded bit stream contains a general structural problem',
    );
    expect(plainReason(new Error('RLE segment 2 is truncated'))).toBe('RLE segment 2 is truncated');
  });
});
