import type { ResolvedValue } from '../../api/entities';

/**
 * Marks a value drawn offline from this desktop's lease: the shared server confirms it when the
 * desktop syncs, or it is resolved again. Nothing for other values.
 */
export function ProvisionalMark({ resolved }: { resolved: Pick<ResolvedValue, 'provisional'> | undefined }) {
  const provisional = resolved?.provisional;
  if (!provisional) return null;
  const title = `Provisional: drawn offline from lease ${provisional.lease} (until ${provisional.expiresAt}). The shared server confirms it when this desktop syncs, or it is resolved again.`;
  return (
    <span className="provisional-mark" title={title} aria-label={title} data-testid="provisional-mark" tabIndex={0}>
      provisional
    </span>
  );
}
