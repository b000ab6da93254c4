import type { DraftSyncInfo } from '../../../engine/api/contract';
import { ConflictList } from '../planner/co-editing/ConflictList';
import type { ConflictChoice, ConflictEntry } from '../planner/co-editing/conflict-index';
import { Icon } from '../ui/Icon';
import { draftConflictEntries } from './draft-conflicts';

export interface DraftSyncPanelProps {
  info: DraftSyncInfo | null | undefined;
  /** The conflict whose value is being kept, while the request runs. */
  resolving: string | null;
  /** Why this user may not keep a value (no permission to change the draft), or null. */
  blocked: string | null;
  onKeep(path: string[], valueId: string): void;
}

/**
 * What a shared draft's document says beside the editor: edits made here that wait to reach the
 * server, a merge the server could not take as the draft (and why), and fields two people set at
 * once, each value with who set it and "Keep this". Nothing shows for a draft with none of these.
 */
export function DraftSyncPanel({ info, resolving, blocked, onKeep }: DraftSyncPanelProps) {
  if (!info) return null;
  const entries = draftConflictEntries(info.conflicts);
  return (
    <>
      {info.waiting && (
        <div className="banner banner--info" role="status" data-testid="draft-waiting">
          <Icon name="refresh" size={16} />
          <div className="banner__text">
            <strong>Saved on this desktop; not on the server yet.</strong> The edits are sent by themselves when the server answers again
            (see Sync). Publishing waits for them.
          </div>
        </div>
      )}
      {info.problem && (
        <div className="banner banner--warning" role="alert" data-testid="draft-merge-problem">
          <Icon name="alert" size={16} />
          <div className="banner__text">
            <strong>The merged draft does not pass its checks, so the server keeps the last good one.</strong> {info.problem}. Every edit is
            kept; fix the draft here and save.
          </div>
        </div>
      )}
      <ConflictList
        entries={entries}
        resolving={resolving}
        blocked={blocked}
        where="in this draft"
        testId="draft-conflicts"
        onKeep={(entry: ConflictEntry, choice: ConflictChoice) => onKeep(entry.path, choice.id)}
      />
    </>
  );
}
