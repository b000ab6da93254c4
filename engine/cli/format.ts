/** Renders rows as an aligned text table for people; `--json` output bypasses this. */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return `${cells
    .map((row) =>
      row
        .map((cell, column) => (cell ?? '').padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/** A value as the CLI prints it in plans and previews: JSON, and `null` for what has no JSON form. */
export const jsonText = (value: unknown): string => JSON.stringify(value) ?? 'null';
