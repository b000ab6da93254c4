import { randomUUID } from 'node:crypto';
import { NimbusError } from '../../errors.js';
import type { NamingPort, Repositories } from '../../store/ports/repositories.js';
import type { NameRecord } from '../../store/ports/resolver-records.js';
import { joinUnit, type RepositoryScope } from '../../store/ports/store-port.js';
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

/**
 * Where the number goes in a stored series. Pattern text and slugs hold only lowercase letters,
 * digits, `-` and `.`, so braces cannot occur otherwise (and every store can keep it: PostgreSQL
 * stores no NUL character, which older versions used here).
 */
const SEQ_MARK = '{seq}';
const MAX_LABEL = 63;

/**
 * Turns naming patterns into unique names. The lowest sequence number free in the pattern's series
 * (the name with `{seq}` left open) is picked and the name inserted in one unit of work, and a unique
 * index on (scope, name) makes a duplicate impossible even across processes.
 */
export class NamingService {
  constructor(private readonly scope: RepositoryScope) {}

  /** This service working inside an open unit of work (its writes commit or roll back with the unit). */
  within(tx: Repositories): NamingService {
    return new NamingService(joinUnit(tx));
  }

  /** The name `issue` would give now, reserving nothing (pre-resolution preview). */
  async preview(request: NameRequest): Promise<IssuedName> {
    const { series, parts } = this.series(request);
    const seq = await nextSeq(this.scope.naming, request.scope, series, parts);
    return this.build(request, series, parts, seq, 'preview');
  }

  async issue(request: NameRequest, owner: string): Promise<IssuedName> {
    const { series, parts } = this.series(request);
    return this.scope.unitOfWork(async ({ naming }) => {
      const seq = await nextSeq(naming, request.scope, series, parts);
      const issued = this.build(request, series, parts, seq, owner);
      await naming.insert({
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

  async releaseOwner(owner: string): Promise<IssuedName[]> {
    return this.scope.unitOfWork(async ({ naming }) => {
      const rows = await naming.byOwner(owner);
      const now = new Date().toISOString();
      for (const row of rows) await naming.release(row.id, now);
      return rows.map(toIssued);
    });
  }

  async list(scope: string): Promise<IssuedName[]> {
    return (await this.scope.naming.list(scope)).map(toIssued);
  }

  private series(request: NameRequest): { series: string; parts: PatternPart[] } {
    return nameSeries(request);
  }

  private build(request: NameRequest, series: string, parts: PatternPart[], seq: number, owner: string): IssuedName {
    const name = renderName(series, parts, seq);
    if (name.length > MAX_LABEL) {
      throw new NamingError('naming_too_long', `The name ${name} is ${name.length} characters; names must be at most ${MAX_LABEL}`, {
        name,
      });
    }
    const fqdn = request.domain ? `${name}.${request.domain.replace(/^\.+|\.+$/g, '')}` : null;
    return { name, fqdn, seq, scope: request.scope, owner };
  }
}

/** The lowest sequence number free in a series: neither issued in it nor rendering to a live name. */
async function nextSeq(naming: NamingPort, scope: string, series: string, parts: PatternPart[]): Promise<number> {
  const used = new Set(await naming.usedSequences(scope, series));
  for (let seq = 1; ; seq += 1) {
    if (used.has(seq)) continue;
    // A name typed by hand elsewhere in the scope could already have this rendering.
    if (!(await naming.liveName(scope, renderName(series, parts, seq)))) return seq;
  }
}

/** The name of a series with its number `seq` (zero-padded as the pattern says). */
export function renderName(series: string, parts: PatternPart[], seq: number): string {
  const width = parts.find((part): part is Extract<PatternPart, { kind: 'seq' }> => part.kind === 'seq')?.width ?? 1;
  return series.replace(SEQ_MARK, String(seq).padStart(width, '0'));
}

function toIssued(row: NameRecord): IssuedName {
  return { name: row.name, fqdn: row.fqdn, seq: row.seq, scope: row.scope, owner: row.owner };
}

/**
 * The series a request's names belong to: the pattern with every placeholder filled but `{seq}`.
 * Names of one series differ only in their number (a desktop planning offline matches the names its
 * lease holds against it).
 */
export function nameSeries(request: NameRequest): { series: string; parts: PatternPart[] } {
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

/** The number of `name` in a series, or undefined when the name is not one of the series. */
export function seqInSeries(series: string, parts: PatternPart[], name: string): number | undefined {
  const [before, after] = series.split(SEQ_MARK) as [string, string | undefined];
  if (after === undefined) return name === series ? 0 : undefined;
  if (!name.startsWith(before) || !name.endsWith(after) || name.length <= before.length + after.length) return undefined;
  const digits = name.slice(before.length, name.length - after.length);
  if (!/^\d+$/.test(digits)) return undefined;
  const seq = Number(digits);
  return renderName(series, parts, seq) === name ? seq : undefined;
}
