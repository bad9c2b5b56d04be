// A small progress bar on stderr: redrawn in place on a terminal, one line per 10 % otherwise.
export interface ProgressBar {
  /** `total` may arrive later (0 = not known yet: the bar shows the count only). */
  update(done: number, detail?: string, total?: number): void;
  finish(detail?: string): void;
}

export function progressBar(label: string, initialTotal: number, width = 30): ProgressBar {
  let total = initialTotal;
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  let lastDecile = -1;
  const render = (done: number, detail: string) => {
    const secs = (performance.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    if (total <= 0 && done > 0)
      return `${label} [${'?'.repeat(width)}]   ?% ${done}/? ${rate}/s ${detail}`;
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${done}/${total} ${rate}/s ${detail}`;
  };
  return {
    update(done, detail = '', newTotal) {
      if (newTotal !== undefined && newTotal > 0) total = newTotal;
      if (tty) {
        process.stderr.write(`\r${render(done, detail)}\x1b[K`);
        return;
      }
      if (total <= 0) return;
      const decile = Math.floor((done / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${render(done, detail)}\n`);
      }
    },
    finish(detail = '') {
      process.stderr.write(`${tty ? '\r' : ''}${render(total, detail)}${tty ? '\x1b[K' : ''}\n`);
    },
  };
}
