import type { ResolvedValue } from '../../api/entities';
import { Tag } from '../../ui/Tag';

/**
 * Marks a value drawn offline from this desktop's lease (the plan panel and the inspector): the shared
 * server confirms it when the desktop syncs, or it is resolved again. Nothing for other values.
 */
export function ProvisionalMark({ resolved, testId }: { resolved: Pick<ResolvedValue, 'provisional'> | undefined; testId: string }) {
  const provisional = resolved?.provisional;
  if (!provisional) return null;
  return (
    <Tag
      tone="warning"
      testId={testId}
      title={`Drawn offline from this desktop’s lease (until ${provisional.expiresAt}); confirmed with the server on sync`}
    >
      provisional
    </Tag>
  );
}
