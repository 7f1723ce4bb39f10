import { describe, expect, it } from 'vitest';
import { boundaryOf, buildMultipart, parseMultipart } from '../../../app/core/pacs/multipart.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('multipart/related', () => {
  it('round-trips parts whose data contains the boundary text without a CRLF before it', () => {
    const a = bytes('DICM--xyz inside the data\r\n');
    const b = new Uint8Array([0, 1, 2, 13, 10, 45, 45]);
    const { body, contentType } = buildMultipart([a, b], 'xyz');
    const parts = parseMultipart(body, contentType);
    expect(parts.map((p) => Array.from(p.body))).toEqual([Array.from(a), Array.from(b)]);
    expect(parts[0]!.headers['content-type']).toBe('application/dicom');
  });

  it('reads quoted boundaries and a preamble', () => {
    const body = bytes('preamble\r\n--q b\r\nContent-Type: application/dicom\r\n\r\nHELLO\r\n--q b--');
    expect(
      parseMultipart(body, 'multipart/related; type="application/dicom"; boundary="q b"').map((p) => Buffer.from(p.body).toString()),
    ).toEqual(['HELLO']);
  });

  it('refuses a body without its closing delimiter, a wrong Content-Length, or a non-multipart type', () => {
    const { body, contentType } = buildMultipart([bytes('0123456789')], 'z');
    expect(() => parseMultipart(body.subarray(0, body.length - 10), contentType)).toThrow(/cut short/);
    const lying = bytes('--z\r\nContent-Length: 3\r\n\r\nHELLO\r\n--z--');
    expect(() => parseMultipart(lying, 'multipart/related; boundary=z')).toThrow(/says 3/);
    expect(() => boundaryOf('application/dicom')).toThrow(/multipart\/related/);
  });
});
