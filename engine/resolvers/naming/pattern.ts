import { NimbusError } from '../../errors.js';
import { excerpt } from '../../text/excerpt.js';

/** Placeholders a naming pattern may use; values come from the resolution context. */
export const NAMING_PLACEHOLDERS = ['env', 'type', 'provider', 'zone', 'tenant', 'component', 'seq'] as const;
export type NamingPlaceholder = (typeof NAMING_PLACEHOLDERS)[number];

export type PatternPart =
  { kind: 'text'; text: string } | { kind: 'value'; name: Exclude<NamingPlaceholder, 'seq'> } | { kind: 'seq'; width: number };

export class NamingPatternError extends NimbusError {
  override name = 'NamingPatternError';
  constructor(pattern: string, reason: string, position: number) {
    super('invalid_naming_pattern', `Naming pattern ${excerpt(pattern)} is invalid at character ${position + 1}: ${reason}`, {
      pattern,
      position,
    });
  }
}

/**
 * Parses `{env}-{type}-{seq:03d}`. A pattern must contain `{seq}` exactly once (that is what makes
 * names unique) and only known placeholders; literal text may use lowercase letters, digits, `-`, `.`.
 */
export function parsePattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  const token = /\{([^{}]*)\}/g;
  let last = 0;
  let seqCount = 0;
  for (let match = token.exec(pattern); match; match = token.exec(pattern)) {
    if (match.index > last) parts.push(literal(pattern, pattern.slice(last, match.index), last));
    const body = match[1] ?? '';
    const [name, format] = body.split(':', 2) as [string, string | undefined];
    if (!(NAMING_PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new NamingPatternError(
        pattern,
        `unknown placeholder {${body}}; known: ${NAMING_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        match.index,
      );
    }
    if (name === 'seq') {
      const width = format === undefined ? 1 : /^0(\d)d$/.exec(format)?.[1];
      if (width === undefined) throw new NamingPatternError(pattern, `{seq} takes a width like {seq:03d}, not {${body}}`, match.index);
      parts.push({ kind: 'seq', width: Number(width) });
      seqCount += 1;
    } else {
      if (format !== undefined) throw new NamingPatternError(pattern, `{${name}} takes no format`, match.index);
      parts.push({ kind: 'value', name: name as Exclude<NamingPlaceholder, 'seq'> });
    }
    last = match.index + match[0].length;
  }
  if (last < pattern.length) parts.push(literal(pattern, pattern.slice(last), last));
  if (seqCount !== 1) throw new NamingPatternError(pattern, 'the pattern must contain {seq} exactly once, so every name is unique', 0);
  return parts;
}

function literal(pattern: string, text: string, position: number): PatternPart {
  const bad = /[^a-z0-9.-]/.exec(text);
  if (bad)
    throw new NamingPatternError(
      pattern,
      `${JSON.stringify(bad[0])} cannot appear in a name (use a-z, 0-9, "-", ".")`,
      position + bad.index,
    );
  return { kind: 'text', text };
}

/** Lowercases a context value into a DNS-label-safe form: `Web Tier` → `web-tier`. */
export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-{2,}/g, '-');
}
