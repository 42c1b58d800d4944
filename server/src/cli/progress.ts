/** A one-line progress bar on stderr (stdout stays clean for output meant for other programs). */
export function progressPrinter(label: string): {
  update(done: number, total: number, step?: string): void;
  done(message: string): void;
} {
  const interactive = process.stderr.isTTY;
  let lastPercent = -1;
  let lastStep: string | undefined;
  return {
    update(done, total, step) {
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (percent === lastPercent && step === lastStep) return;
      if (step !== lastStep) lastPercent = -1;
      lastStep = step;
      if (percent === lastPercent) return;
      lastPercent = percent;
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      const line = `${label}${step ? ` ${step}` : ''} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}%`;
      if (interactive) process.stderr.write(`\r${line}`);
      else if (percent % 50 === 0) process.stderr.write(`${line}\n`);
    },
    done(message) {
      if (interactive) process.stderr.write('\r\x1b[2K');
      process.stderr.write(`${label}: ${message}\n`);
    },
  };
}
