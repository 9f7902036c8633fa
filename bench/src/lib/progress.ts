/**
 * One progress bar for the whole run on stderr: redrawn in place on a terminal, a plain line per
 * change when piped (CI logs), so the output stays readable either way.
 */
export class Progress {
  private done = 0;
  private lastLine = '';
  private readonly tty = Boolean(process.stderr.isTTY);
  private readonly started = Date.now();

  constructor(private readonly total: number) {}

  /** Advances by `units` (steps of work, e.g. seconds of load) and shows `label`. */
  advance(units: number, label: string): void {
    this.done = Math.min(this.total, this.done + units);
    this.show(label);
  }

  /** Moves to `units` done (never backwards): a phase whose own advances fell short ends where planned. */
  advanceTo(units: number, label: string): void {
    this.done = Math.min(this.total, Math.max(this.done, units));
    this.show(label);
  }

  get completed(): number {
    return this.done;
  }

  show(label: string): void {
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    const elapsed = Math.round((Date.now() - this.started) / 1000);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round((this.done / this.total) * 100)).padStart(3)}% ${elapsed}s ${label}`;
    if (line === this.lastLine) return;
    this.lastLine = line;
    if (this.tty) process.stderr.write(`\r\x1b[2K${line}`);
    else process.stderr.write(`${line}\n`);
  }

  /** Prints a message above the bar. */
  log(message: string): void {
    if (this.tty) process.stderr.write(`\r\x1b[2K${message}\n${this.lastLine}`);
    else process.stderr.write(`${message}\n`);
  }

  finish(): void {
    if (this.tty) process.stderr.write('\n');
  }
}
