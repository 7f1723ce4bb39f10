/**
 * An image that cannot be read, with the file named and the reason in plain words. The message
 * is always one line (`<file>: <reason>`): codec and parser messages can carry newlines, and
 * import logs and the CLI print one line per failed file.
 */
export class ImageDecodeError extends Error {
  readonly reason: string;

  constructor(
    readonly fileName: string,
    reason: string,
  ) {
    const flat = reason.replace(/\s+/g, ' ').trim();
    super(`${fileName}: ${flat}`);
    this.name = 'ImageDecodeError';
    this.reason = flat;
  }
}
