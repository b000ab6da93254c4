import { randomUUID } from 'node:crypto';
import { NimbusError } from '../../errors.js';
import type { NameRecord, NamingRepository } from '../../store/naming-repository.js';
import { parsePattern, slug, type NamingPlaceholder, type PatternPart } from './pattern.js';

export type NamingContext = Partial<Record<Exclude<NamingPlaceholder, 'seq'>, string>>;

export interface NameRequest {
  pattern: string;
  context: NamingContext;
  /** `global`, or an environment's scope: names are unique within it. */
  scope: string;
  /** The zone's DNS domain; when set, the FQDN is `name.domain`. */
  domain?: string;
}

export interface IssuedName {
  name: string;
  fqdn: string | null;
  seq: number;
  scope: string;
  owner: string;
}

export class NamingError extends NimbusError {
  override name = 'NamingError';
}

const SEQ_MARK = '\u0000';
const MAX_LABEL = 63;

/**
 * Turns naming patterns into unique names. The lowest sequence number free in the pattern's series
 * (the name with `{seq}` left open) is taken inside an IMMEDIATE transaction, and a unique index on
 * (scope, name) makes a duplicate impossible even across processes.
 */
export class NamingService {
  constructor(private readonly repository: NamingRepository) {}

  /** The name `issue` would give now, reserving nothing (pre-resolution preview). */
  preview(request: NameRequest): IssuedName {
    const { series, parts } = this.series(request);
    const seq = this.nextSeq(request.scope, series, parts);
    return this.build(request, series, parts, seq, 'preview');
  }

  issue(request: NameRequest, owner: string): IssuedName {
    const { series, parts } = this.series(request);
    return this.repository.writeTransaction(() => {
      const seq = this.nextSeq(request.scope, series, parts);
      const issued = this.build(request, series, parts, seq, owner);
      this.repository.insert({
        id: randomUUID(),
        scope: request.scope,
        series,
        seq,
        name: issued.name,
        fqdn: issued.fqdn,
        owner,
        createdAt: new Date().toISOString(),
      });
      return issued;
    });
  }

  releaseOwner(owner: string): IssuedName[] {
    return this.repository.writeTransaction(() => {
      const rows = this.repository.byOwner(owner);
      const now = new Date().toISOString();
      for (const row of rows) this.repository.release(row.id, now);
      return rows.map(toIssued);
    });
  }

  list(scope: string): IssuedName[] {
    return this.repository.list(scope).map(toIssued);
  }

  private series(request: NameRequest): { series: string; parts: PatternPart[] } {
    const parts = parsePattern(request.pattern);
    const series = parts
      .map((part) => {
        if (part.kind === 'text') return part.text;
        if (part.kind === 'seq') return SEQ_MARK;
        const value = request.context[part.name];
        if (value === undefined || slug(value) === '') {
          throw new NamingError(
            'naming_missing_value',
            `The naming pattern ${JSON.stringify(request.pattern)} needs {${part.name}}, which is not known here`,
            {
              pattern: request.pattern,
              placeholder: part.name,
            },
          );
        }
        return slug(value);
      })
      .join('');
    return { series, parts };
  }

  private nextSeq(scope: string, series: string, parts: PatternPart[]): number {
    const used = new Set(this.repository.usedSequences(scope, series));
    for (let seq = 1; ; seq += 1) {
      if (used.has(seq)) continue;
      // A name typed by hand elsewhere in the scope could already have this rendering.
      if (!this.repository.liveName(scope, render(series, parts, seq))) return seq;
    }
  }

  private build(request: NameRequest, series: string, parts: PatternPart[], seq: number, owner: string): IssuedName {
    const name = render(series, parts, seq);
    if (name.length > MAX_LABEL) {
      throw new NamingError('naming_too_long', `The name ${name} is ${name.length} characters; names must be at most ${MAX_LABEL}`, {
        name,
      });
    }
    const fqdn = request.domain ? `${name}.${request.domain.replace(/^\.+|\.+$/g, '')}` : null;
    return { name, fqdn, seq, scope: request.scope, owner };
  }
}

function render(series: string, parts: PatternPart[], seq: number): string {
  const width = parts.find((part): part is Extract<PatternPart, { kind: 'seq' }> => part.kind === 'seq')?.width ?? 1;
  return series.replace(SEQ_MARK, String(seq).padStart(width, '0'));
}

function toIssued(row: NameRecord): IssuedName {
  return { name: row.name, fqdn: row.fqdn, seq: row.seq, scope: row.scope, owner: row.owner };
}
