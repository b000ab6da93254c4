import type { DraftSyncInfo } from '../../../engine/api/contract';
import { ConflictList } from '../planner/co-editing/ConflictList';
import type { ConflictChoice, ConflictEntry } from '../planner/co-editing/conflict-index';
import { useState } from 'react';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Icon } from '../ui/Icon';
import { draftConflictEntries } from './draft-conflicts';

export interface DraftSyncPanelProps {
  info: DraftSyncInfo | null | undefined;
  /** The conflict whose value is being kept, while the request runs. */
  resolving: string | null;
  /** Why this user may not keep a value (no permission to change the draft), or null. */
  blocked: string | null;
  onKeep(path: string[], valueId: string): void;
  /** Gives up this desktop's unsent edits (or the whole draft, made here offline); asked only after a confirmation. */
  onDiscard?(): void;
  /** What the draft is called, for the confirmation. */
  subject: string;
  /** Someone else's change of the draft, in words, while it is news. */
  remoteChange?: string | null;
}

/**
 * What a shared draft's document says beside the editor: edits made here that wait to reach the
 * server, a merge the server could not take as the draft (and why), and fields two people set at
 * once, each value with who set it and "Keep this". Nothing shows for a draft with none of these.
 */
export function DraftSyncPanel({ info, resolving, blocked, onKeep, onDiscard, subject, remoteChange }: DraftSyncPanelProps) {
  const [confirming, setConfirming] = useState(false);
  if (!info) return null;
  const live = remoteChange ? (
    <div className="banner banner--info" role="status" data-testid="draft-remote-change">
      <Icon name="refresh" size={16} />
      <div className="banner__text">{remoteChange}</div>
    </div>
  ) : null;
  const entries = draftConflictEntries(info.conflicts);
  // Edits the server refused (or a creation it refused) can be given up here; a merge problem is fixed by editing.
  const discardable = onDiscard !== undefined && info.waiting && info.problem !== null;
  return (
    <>
      {live}
      {info.waiting && (
        <div className="banner banner--info" role="status" data-testid="draft-waiting">
          <Icon name="refresh" size={16} />
          <div className="banner__text">
            <strong>Saved on this desktop; not on the server yet.</strong> The edits are sent by themselves when the server answers again
            (see Sync). Publishing waits for them.
          </div>
        </div>
      )}
      {info.problem && !discardable && (
        <div className="banner banner--warning" role="alert" data-testid="draft-merge-problem">
          <Icon name="alert" size={16} />
          <div className="banner__text">
            <strong>The merged draft does not pass its checks, so the server keeps the last good one.</strong> {info.problem}. Every edit is
            kept; fix the draft here and save.
          </div>
        </div>
      )}
      {info.problem && discardable && (
        <div className="banner banner--warning" role="alert" data-testid="draft-refused">
          <Icon name="alert" size={16} />
          <div className="banner__text">
            <strong>{info.local ? 'The server did not take this draft.' : 'The server did not take the edits made here.'}</strong>{' '}
            {info.problem}. They stay on this desktop and are sent again with Sync now; or give them up.
          </div>
          <div className="banner__actions">
            <button type="button" className="button button--small" onClick={() => setConfirming(true)} data-testid="draft-discard">
              {info.local ? 'Discard this draft' : 'Discard the edits made here'}
            </button>
          </div>
        </div>
      )}
      {confirming && onDiscard && (
        <ConfirmDialog
          title={info.local ? `Discard ${subject}?` : `Discard the edits of ${subject} made here?`}
          message={
            info.local
              ? `${subject} was made on this desktop and the server does not have it: discarding deletes it and everything in it. This cannot be undone.`
              : `The edits of ${subject} made on this desktop that the server has not taken are lost; the draft as the server has it is shown again.`
          }
          confirmLabel="Discard"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            onDiscard();
          }}
        />
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
