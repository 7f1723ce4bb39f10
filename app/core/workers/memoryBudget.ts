/**
 * A memory budget in bytes, handed out first come, first served: a job waits until what it
 * will hold fits beside what the jobs before it hold. A job larger than the whole budget runs
 * alone (when nothing else holds any), so it is slow, never refused here: the decoders' own caps
 * decide what is too large.
 */
export class MemoryBudget {
  private used = 0;
  private readonly queue: { bytes: number; grant: () => void }[] = [];

  constructor(readonly limit: number) {}

  /** Resolves when `bytes` may be used, with the function that gives them back (call it once). */
  async acquire(bytes: number): Promise<() => void> {
    if (this.queue.length === 0 && this.fits(bytes)) this.used += bytes;
    else await new Promise<void>((grant) => this.queue.push({ bytes, grant }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= bytes;
      this.drain();
    };
  }

  /** Bytes granted and not given back. */
  get inUse(): number {
    return this.used;
  }

  private fits(bytes: number): boolean {
    return this.used === 0 || this.used + bytes <= this.limit;
  }

  private drain(): void {
    while (this.queue.length && this.fits(this.queue[0]!.bytes)) {
      const next = this.queue.shift()!;
      this.used += next.bytes;
      next.grant();
    }
  }
}
