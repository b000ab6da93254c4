import type { Monaco, MonacoMarker } from './monaco-setup';

export interface MarkerSummary {
  errors: number;
  warnings: number;
  /** The first error, so the UI can say what is wrong without opening a panel. */
  firstError: { line: number; message: string } | null;
}

export const NO_MARKERS: MarkerSummary = { errors: 0, warnings: 0, firstError: null };

export function summarizeMarkers(monaco: Monaco, markers: readonly MonacoMarker[]): MarkerSummary {
  const errors = markers.filter((marker) => marker.severity === monaco.MarkerSeverity.Error);
  const first = errors[0];
  return {
    errors: errors.length,
    warnings: markers.filter((marker) => marker.severity === monaco.MarkerSeverity.Warning).length,
    firstError: first ? { line: first.startLineNumber, message: first.message } : null,
  };
}

export function describeMarkers(summary: MarkerSummary): string {
  if (summary.errors === 0 && summary.warnings === 0) return 'No problems';
  const parts = [];
  if (summary.errors > 0) parts.push(`${summary.errors} ${summary.errors === 1 ? 'error' : 'errors'}`);
  if (summary.warnings > 0) parts.push(`${summary.warnings} ${summary.warnings === 1 ? 'warning' : 'warnings'}`);
  return parts.join(', ');
}
