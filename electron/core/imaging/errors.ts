/** An image that cannot be read, with the file named and the reason in plain words. */
export class ImageDecodeError extends Error {
  constructor(
    readonly fileName: string,
    readonly reason: string,
  ) {
    super(`${fileName}: ${reason}`);
    this.name = 'ImageDecodeError';
  }
}
