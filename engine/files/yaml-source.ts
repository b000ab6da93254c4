import { isNode, LineCounter, parseDocument } from 'yaml';
import { formatPath } from '../api/validate.js';
import type { FieldIssue } from '../errors.js';

/** A field problem in a YAML (or JSON) file, with the line it is on when known. */
export type LocatedIssue = FieldIssue & { line?: number };

/** A parsed YAML document: its value, and how to find the line of a field path in it. */
export interface YamlSource {
  raw: unknown;
  /** The issue at `path`, pointing at the closest existing field's line. */
  locate(path: readonly PropertyKey[], message: string): LocatedIssue;
}

/**
 * Parses YAML (JSON is YAML) keeping positions, so schema errors can name the line. Returns the
 * syntax errors instead when the text does not parse.
 */
export function readYamlSource(text: string): YamlSource | { errors: LocatedIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return { errors: doc.errors.map((error) => ({ path: '', message: error.message.split('\n')[0] ?? 'syntax error', ...(error.linePos?.[0]?.line ? { line: error.linePos[0].line } : {}) })) };
  }
  return {
    raw: doc.toJS() as unknown,
    locate(path, message) {
      const keys = path.filter((key): key is string | number => typeof key !== 'symbol');
      let node: unknown = doc.getIn(keys, true);
      // For a missing key, point at the closest existing parent.
      for (let depth = keys.length - 1; !isNode(node) && depth >= 0; depth -= 1) node = doc.getIn(keys.slice(0, depth), true);
      const offset = isNode(node) ? node.range?.[0] : undefined;
      return { path: formatPath(keys), message, ...(offset !== undefined ? { line: lineCounter.linePos(offset).line } : {}) };
    },
  };
}

/** Zod issues as located issues; an unknown key points at its own line rather than its parent's. */
export function locateZodIssues(source: YamlSource, issues: readonly { code: string; path: PropertyKey[]; message: string; keys?: string[] }[]): LocatedIssue[] {
  return issues.map((issue) => {
    const keyPath = issue.code === 'unrecognized_keys' && issue.keys?.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
    return { ...source.locate(keyPath, issue.message), path: formatPath(issue.path.filter((k): k is string | number => typeof k !== 'symbol')) };
  });
}
