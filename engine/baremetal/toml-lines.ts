/**
 * Where keys sit in a TOML text, so a problem found after parsing (a missing or wrong field) can be
 * reported at a line. smol-toml gives positions for syntax errors only; this scan follows the table
 * headers (`[a.b]`, `[[a]]`) and key lines (`k = …`, `a.b = …`) of the text the parser accepted.
 */

/** The path of each key line and each table header, with its 1-based line. */
export interface KeyLine {
  path: (string | number)[];
  line: number;
}

const HEADER = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;
const KEY = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=/;

function splitKey(key: string): string[] {
  return key.split('.').map((part) => part.trim().replace(/^["']|["']$/g, ''));
}

/** Every header and key line of `source`, in order. */
export function keyLines(source: string): KeyLine[] {
  const result: KeyLine[] = [];
  const arrays = new Map<string, number>();
  let context: (string | number)[] = [];
  source.split(/\r?\n/).forEach((text, index) => {
    const line = index + 1;
    const header = HEADER.exec(text);
    if (header) {
      const names = splitKey(header[2] ?? '');
      // Resolve array-of-tables indices: `[[machines.disks]]` belongs to the current `[[machines]]`.
      const path: (string | number)[] = [];
      for (const [position, part] of names.entries()) {
        path.push(part);
        const prefix = JSON.stringify(path);
        const isLast = position === names.length - 1;
        if (isLast && header[1] === '[[') {
          const next = (arrays.get(prefix) ?? -1) + 1;
          arrays.set(prefix, next);
          path.push(next);
        } else if (arrays.has(prefix)) {
          path.push(arrays.get(prefix)!);
        }
      }
      context = path;
      result.push({ path, line });
      return;
    }
    const key = KEY.exec(text);
    if (key) result.push({ path: [...context, ...splitKey(key[1] ?? '')], line });
  });
  return result;
}

/** The line of `path`: its key's line, else the line of its nearest enclosing table, else 0 (the file as a whole). */
export function lineOf(lines: readonly KeyLine[], path: readonly (string | number)[]): number {
  for (let length = path.length; length > 0; length--) {
    const prefix = JSON.stringify(path.slice(0, length));
    const found = lines.find((entry) => JSON.stringify(entry.path) === prefix);
    if (found) return found.line;
  }
  return 0;
}
