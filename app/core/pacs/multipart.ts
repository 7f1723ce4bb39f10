/**
 * multipart/related bodies (RFC 2046 5.1, RFC 2387) as WADO-RS answers and STOW-RS requests
 * carry DICOM instances. Parsing is strict: a body without its closing delimiter (a connection
 * cut short) is an error, never a shorter list of parts, so a truncated retrieve imports nothing.
 */

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export interface Part {
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The boundary parameter of a multipart Content-Type (quoted or not). */
export function boundaryOf(contentType: string | null): string {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (!contentType || !/^multipart\/related/i.test(contentType.trim()) || !boundary) {
    throw new MultipartError(
      `expected a multipart/related answer with a boundary, got ${JSON.stringify(contentType ?? '(no Content-Type)')}`,
    );
  }
  return boundary;
}

export function parseMultipart(body: Uint8Array, contentType: string | null): Part[] {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const parts: Part[] = [];
  let at = buffer.indexOf(delimiter);
  if (at < 0) throw new MultipartError('the multipart answer has no boundary line: it was cut short or is not multipart');
  for (;;) {
    let cursor = at + delimiter.length;
    if (buffer[cursor] === 0x2d && buffer[cursor + 1] === 0x2d) return parts; // "--": the closing delimiter
    const headerEnd = buffer.indexOf('\r\n\r\n', cursor);
    if (headerEnd < 0) throw new MultipartError(`multipart part ${parts.length + 1} was cut short in its headers`);
    const headers = parseHeaders(buffer.subarray(cursor, headerEnd).toString('latin1'));
    cursor = headerEnd + 4;
    // The body ends at CRLF + delimiter; a delimiter-like byte run inside DICOM data without the
    // CRLF before it is data.
    const next = buffer.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), cursor);
    if (next < 0) throw new MultipartError(`multipart part ${parts.length + 1} was cut short (no closing boundary)`);
    const partBody = body.subarray(cursor, next);
    const declared = headers['content-length'];
    if (declared !== undefined && Number(declared) !== partBody.byteLength) {
      throw new MultipartError(`multipart part ${parts.length + 1} holds ${partBody.byteLength} bytes but says ${declared}`);
    }
    parts.push({ headers, body: partBody });
    at = next + 2;
  }
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** A multipart/related body of DICOM instances for STOW-RS, with its Content-Type. */
export function buildMultipart(instances: readonly Uint8Array[], boundary: string): { body: Uint8Array; contentType: string } {
  const chunks: Buffer[] = [];
  for (const instance of instances) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\nContent-Length: ${instance.byteLength}\r\n\r\n`),
      Buffer.from(instance),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/related; type="application/dicom"; boundary=${boundary}` };
}
