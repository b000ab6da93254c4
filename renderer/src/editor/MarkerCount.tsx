import { describeMarkers, type MarkerSummary } from './monaco/marker-summary';

export function MarkerCount({ summary }: { summary: MarkerSummary }) {
  const state = summary.errors > 0 ? 'error' : summary.warnings > 0 ? 'warning' : 'clean';
  const title = summary.firstError ? `Line ${summary.firstError.line}: ${summary.firstError.message}` : undefined;
  return (
    <span
      className={`marker-count marker-count--${state}`}
      title={title}
      data-testid="marker-count"
      data-errors={summary.errors}
      data-warnings={summary.warnings}
    >
      <span className="marker-count__dot" aria-hidden="true" />
      {describeMarkers(summary)}
    </span>
  );
}
