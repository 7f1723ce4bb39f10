/** A one-line progress bar with counts and ETA on a terminal; silent when not a TTY. */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly label: string,
  ) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(done: number, total: number, detail = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 24;
    const fraction = total ? done / total : 1;
    const filled = Math.round(fraction * width);
    const elapsed = (now - this.started) / 1000;
    const eta = done > 0 && done < total ? formatSeconds((elapsed / done) * (total - done)) : '--';
    const columns = this.stream.columns ?? 100;
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ETA ${eta} ${detail}`;
    this.stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
  }

  finish(): void {
    if (this.enabled) this.stream.write('\n');
  }
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
