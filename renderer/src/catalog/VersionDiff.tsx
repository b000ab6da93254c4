import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { ComponentDiff, ComponentVersionInfo } from '../api/entities';
import { useApiResource } from '../api/use-api-resource';
import { Tag, type TagTone } from '../ui/Tag';
import { codeUnchanged, diffRows } from './diff-rows';

type Side = number | 'draft';

export interface VersionDiffProps {
  name: string;
  versions: readonly ComponentVersionInfo[];
  /** Whether the draft may differ from the versions (never for built-in components). */
  hasDraft: boolean;
  /** Changes when the component changed (a publish), so the diff is fetched again. */
  revision: number;
}

const CHANGE_TONE: Record<'added' | 'removed' | 'changed', TagTone> = { added: 'success', removed: 'danger', changed: 'warning' };
const label = (side: Side) => (side === 'draft' ? 'Draft' : `v${side}`);
const parseSide = (value: string): Side => (value === 'draft' ? 'draft' : Number(value));

/** The two most interesting sides: the last two versions, or the only version against the draft. */
function defaultSides(versions: readonly number[], hasDraft: boolean): { from: Side; to: Side } | null {
  const [newest, previous] = versions;
  if (newest === undefined) return null;
  if (previous !== undefined) return { from: previous, to: newest };
  return hasDraft ? { from: newest, to: 'draft' } : null;
}

/** Compares two versions of a component (or a version with the draft): contract, bindings and code. */
export function VersionDiff({ name, versions, hasDraft, revision }: VersionDiffProps) {
  const api = useApi();
  const published = versions.map((version) => version.version).sort((a, b) => b - a);
  const options: Side[] = [...(hasDraft ? (['draft'] as const) : []), ...published];
  const [choice, setChoice] = useState<{ from: Side; to: Side } | null>(null);
  const sides = choice && options.includes(choice.from) && options.includes(choice.to) ? choice : defaultSides(published, hasDraft);

  const from = sides?.from;
  const to = sides?.to;
  const load = useCallback(
    () => (from === undefined || to === undefined ? Promise.resolve(null) : api.diffComponentVersions({ name, from, to })),
    [api, name, from, to],
  );
  const same = from === to;
  // A publish changes what "draft" and the versions hold, so the revision refreshes the comparison.
  const diff = useApiResource(same ? null : load, 'Could not compare the versions', revision);

  if (!sides) {
    return (
      <p className="card__text">
        {published.length === 0
          ? 'Nothing is published yet, so there is nothing to compare.'
          : 'There is only one version, so there is nothing to compare yet.'}
      </p>
    );
  }

  const select = (side: 'from' | 'to', testId: string) => (
    <select
      className="input select"
      aria-label={side === 'from' ? 'Compare from' : 'Compare to'}
      value={String(sides[side])}
      onChange={(event) => setChoice({ ...sides, [side]: parseSide(event.target.value) })}
      data-testid={testId}
    >
      {options.map((option) => (
        <option key={String(option)} value={String(option)}>
          {label(option)}
        </option>
      ))}
    </select>
  );

  return (
    <div className="version-diff" data-testid="version-diff">
      <div className="version-diff__pickers">
        {select('from', 'diff-from')}
        <span className="muted" aria-hidden="true">
          →
        </span>
        {select('to', 'diff-to')}
        {diff.loading && <span className="muted">Comparing…</span>}
      </div>
      {same ? <p className="card__text">Pick two different versions to compare.</p> : diff.value ? <DiffBody diff={diff.value} /> : null}
    </div>
  );
}

function DiffBody({ diff }: { diff: ComponentDiff }) {
  const rows = diffRows(diff.code);
  const unchanged = codeUnchanged(diff.code);
  return (
    <>
      <section className="diff-section" aria-label="Contract changes" data-testid="diff-contract">
        <h4 className="diff-section__title">Contract</h4>
        {diff.contract.length === 0 && diff.bindings.length === 0 ? (
          <p className="card__text">Inputs, outputs and resolver bindings are the same.</p>
        ) : (
          <ul className="change-list">
            {diff.contract.map((change) => (
              <li key={`${change.contract}:${change.property}`} data-testid="diff-contract-change">
                <Tag tone={CHANGE_TONE[change.change]}>{change.change}</Tag>
                <span className="muted">{change.contract}</span>
                <span className="mono">{change.property}</span>
              </li>
            ))}
            {diff.bindings.map((change) => (
              <li key={`binding:${change.input}`} data-testid="diff-binding-change">
                <Tag tone={CHANGE_TONE[change.change]}>{change.change}</Tag>
                <span className="muted">binding of</span>
                <span className="mono">{change.input}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="diff-section" aria-label="Code changes">
        <h4 className="diff-section__title">Code</h4>
        {unchanged ? (
          <p className="card__text">The code is the same.</p>
        ) : (
          <div
            className="code-diff"
            role="table"
            aria-label={`Code changes from ${label(diff.from)} to ${label(diff.to)}`}
            data-testid="code-diff"
          >
            {rows.map((row, index) =>
              row.kind === 'fold' ? (
                <div key={index} className="code-diff__fold" role="row">
                  <span role="cell">
                    ⋯ {row.count} unchanged {row.count === 1 ? 'line' : 'lines'}
                  </span>
                </div>
              ) : (
                <div
                  key={index}
                  className={`code-diff__line code-diff__line--${row.kind}`}
                  role="row"
                  data-testid={`diff-line-${row.kind}`}
                >
                  <span className="code-diff__number" role="cell">
                    {row.oldLine ?? ''}
                  </span>
                  <span className="code-diff__number" role="cell">
                    {row.newLine ?? ''}
                  </span>
                  <span
                    className="code-diff__sign"
                    role="cell"
                    aria-label={row.kind === 'add' ? 'added' : row.kind === 'remove' ? 'removed' : undefined}
                  >
                    {row.kind === 'add' ? '+' : row.kind === 'remove' ? '−' : ' '}
                  </span>
                  <span className="code-diff__text" role="cell">
                    {row.text}
                  </span>
                </div>
              ),
            )}
          </div>
        )}
      </section>
    </>
  );
}
