import { isAlias, isCollection, isNode, isPair, LineCounter, Parser, parseDocument, visit, type Document } from 'yaml';
import { formatPath } from '../api/validate.js';
import { NimbusError, type FieldIssue } from '../errors.js';
import { MAX_NESTING_DEPTH, tooDeepAt } from './input-limits.js';

/**
 * Most nodes aliases may expand to in one file. Ten anchors each repeating the previous one ten times
 * (a "billion laughs" file of a few hundred bytes) would otherwise expand to 10^10 values.
 */
export const MAX_ALIAS_EXPANSION = 1000;
const TOO_DEEP = `nested more than ${MAX_NESTING_DEPTH} levels deep; flatten it`;

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
  const lineOf = (offset: number | undefined) => (offset !== undefined ? { line: lineCounter.linePos(offset).line } : {});
  // Depth first, on the concrete syntax tree (built without recursion): composing a document
  // recurses per level, and a file nested thousands deep would overflow the stack.
  try {
    const deepOffset = tooDeepInSyntax(text);
    if (deepOffset !== null) return { errors: [{ path: '', message: TOO_DEEP, line: text.slice(0, deepOffset).split('\n').length }] };
  } catch {
    // Whatever the syntax tree cannot show is left to the full parse below.
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    return { errors: [{ path: '', message: oneLine(error) }] };
  }
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((error) => ({
        path: '',
        // The parser recurses per level: a very deep file overflows its stack; say what that means.
        message: /call stack/i.test(error.message) ? TOO_DEEP : (error.message.split('\n')[0] ?? 'syntax error'),
        ...(error.linePos?.[0]?.line ? { line: error.linePos[0].line } : {}),
      })),
    };
  }
  const deepAt = tooDeepOffset(doc.contents);
  if (deepAt !== null) return { errors: [{ path: '', message: TOO_DEEP, ...lineOf(deepAt) }] };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION }) as unknown;
  } catch (error) {
    const alias = firstAliasOffset(doc);
    const message = /alias/i.test((error as Error).message)
      ? `aliases (*name) here expand to more than ${MAX_ALIAS_EXPANSION} values (a "billion laughs" file?); write the values out instead`
      : oneLine(error);
    return { errors: [{ path: '', message, ...lineOf(alias ?? undefined) }] };
  }
  const source: YamlSource = {
    raw,
    locate(path, message) {
      const keys = path.filter((key): key is string | number => typeof key !== 'symbol');
      let node: unknown = doc.getIn(keys, true);
      // For a missing key, point at the closest existing parent.
      for (let depth = keys.length - 1; !isNode(node) && depth >= 0; depth -= 1) node = doc.getIn(keys.slice(0, depth), true);
      const offset = isNode(node) ? node.range?.[0] : undefined;
      return { path: formatPath(keys), message, ...lineOf(offset) };
    },
  };
  // Aliases can build depth the text does not show (an anchor of a deep list used inside itself).
  const tooDeep = tooDeepAt(raw);
  if (tooDeep !== null) return { errors: [source.locate(tooDeep.split('.').filter(Boolean), TOO_DEEP)] };
  return source;
}

/** The first line of an error's message: what the user sees, never a stack trace. */
function oneLine(error: unknown): string {
  return ((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'cannot be read').slice(0, 200);
}

/** Offset of the first collection in the text nested deeper than the limit, from the syntax tree, without recursion. */
function tooDeepInSyntax(text: string): number | null {
  const pending: { token: unknown; depth: number }[] = [];
  for (const token of new Parser().parse(text)) pending.push({ token, depth: -1 });
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    if (typeof token !== 'object' || token === null) continue;
    const { type, offset, value, items } = token as {
      type?: string;
      offset?: number;
      value?: unknown;
      items?: { key?: unknown; value?: unknown }[];
    };
    const collection = type === 'block-map' || type === 'block-seq' || type === 'flow-collection';
    const level = collection ? depth + 1 : depth;
    if (collection && level >= MAX_NESTING_DEPTH) return offset ?? null;
    if (value !== undefined) pending.push({ token: value, depth: level });
    for (const item of items ?? []) pending.push({ token: item.key, depth: level }, { token: item.value, depth: level });
  }
  return null;
}

/** Offset of the first collection nested deeper than the limit, found without recursion. */
function tooDeepOffset(root: unknown): number | null {
  const pending: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (!isCollection(node)) continue;
    if (depth >= MAX_NESTING_DEPTH) return node.range?.[0] ?? null;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) pending.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
      else pending.push({ node: item, depth: depth + 1 });
    }
  }
  return null;
}

function firstAliasOffset(doc: Document.Parsed): number | null {
  let offset: number | null = null;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node)) offset = node.range?.[0] ?? null;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Zod issues as located issues; an unknown key points at its own line rather than its parent's. */
export function locateZodIssues(
  source: YamlSource,
  issues: readonly { code: string; path: PropertyKey[]; message: string; keys?: string[] }[],
): LocatedIssue[] {
  return issues.map((issue) => {
    const keyPath = issue.code === 'unrecognized_keys' && issue.keys?.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
    return {
      ...source.locate(keyPath, issue.message),
      path: formatPath(issue.path.filter((k): k is string | number => typeof k !== 'symbol')),
    };
  });
}

/** A user's YAML file that does not parse (or is too deep, or an alias bomb): `file:line: what`. */
export class YamlFileError extends NimbusError {
  override name = 'YamlFileError';
  constructor(file: string, issue: LocatedIssue) {
    super('invalid_yaml', `${file}:${issue.line ? `${issue.line}:` : ''} ${issue.message}`, {
      file,
      ...(issue.line ? { line: issue.line } : {}),
    });
  }
}

/** Parses a user's YAML/JSON text with the same limits as topology and stack files; throws a one-line {@link YamlFileError}. */
export function parseUserYaml(text: string, file: string): unknown {
  const source = readYamlSource(text);
  if ('errors' in source) throw new YamlFileError(file, source.errors[0] ?? { path: '', message: 'cannot be read' });
  return source.raw;
}

/** An issue path as keys: `nodes[2].params.cores` and `slots.0.inputs` → `['nodes', 2, 'params', 'cores']`, `['slots', 0, 'inputs']`. */
export function pathKeys(path: string): (string | number)[] {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((match) =>
    match[1] !== undefined ? Number(match[1]) : /^\d+$/.test(match[2]!) ? Number(match[2]) : match[2]!,
  );
}
