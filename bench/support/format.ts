/** Milliseconds with a precision that suits their size. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(3)} ms`;
}

/** Operations per second, rounded to three significant figures. */
export function formatRate(count: number, ms: number): string {
  const perSecond = count / (ms / 1000);
  return `${Number(perSecond.toPrecision(3)).toLocaleString('en-US')}/s`;
}

/** How many times slower `baseline` was than `measured`, e.g. `41.3×`. */
export function formatRatio(baselineMs: number, measuredMs: number): string {
  const ratio = baselineMs / measuredMs;
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
}

/** A plain-text table with left-aligned first column and right-aligned others. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
