import { useCallback, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { stackCommands, type StackCommandContext } from '../commands/stacks';
import { useCommandRunner } from '../commands/use-command-runner';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState } from '../ui/EmptyState';
import { useDocumentWorkspace } from '../ui/use-document-workspace';
import { useUnsavedChangesGuard } from '../ui/use-unsaved-changes-guard';
import { NewStackDialog } from './list/NewStackDialog';
import { StackList } from './list/StackList';
import { useComponentContracts } from './slots/use-component-contracts';
import { StackEditor } from './StackEditor';
import { useStackSession } from './use-stack-session';
import { ForkStackDialog } from './versions/ForkStackDialog';
import { PublishStackDialog } from './versions/PublishStackDialog';
import './stack-editor.css';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';

export interface StacksPageProps {
  active: boolean;
  /** The stack named in the address, open in the editor. */
  routeId: string | undefined;
  onRouteChange(name: string, options?: { replace?: boolean }): void;
}

/** Why publishing is not possible now, in words that say what to do; null when it is. */
function publishBlockedReason(session: ReturnType<typeof useStackSession>): string | null {
  if (!session.open) return 'Open a stack first.';
  if (session.viewing) return `Version ${session.viewing.version} is shown; go back to the draft to publish it.`;
  if (session.conflict) return 'The draft was changed elsewhere: keep yours or load theirs first.';
  if (session.rejected) return 'The latest edits cannot be saved yet: fix the fields marked in Problems first.';
  const count = session.issues.length;
  if (count > 0)
    return `The draft has ${count} problem${count === 1 ? '' : 's'}: fix ${count === 1 ? 'it' : 'them'} first (see Problems below).`;
  return null;
}

/** Stack definitions: slots and wiring, parameters, the state machine, lifecycle and day-2 operations, versions. */
export function StacksPage({ active, routeId, onRouteChange }: StacksPageProps) {
  const createBlocked = useBlockedReason('createStack');
  const api = useApi();
  const notifier = useNotifier();
  const session = useStackSession(api, notifier);
  const contracts = useComponentContracts(api, active);
  const [dialog, setDialog] = useState<'publish' | 'fork' | null>(null);
  const { open, stacks } = session;

  const workspace = useDocumentWorkspace({
    active,
    routeId,
    onRouteChange,
    documents: stacks?.map((stack) => ({ id: stack.name })) ?? null,
    open,
    // Edits save themselves; only edits that cannot be saved yet make switching ask first.
    dirty: session.stuck,
    opening: session.opening,
    refreshList: session.refreshList,
    openDocument: session.openStack,
    // The "New stack" dialog creates through the API itself: it needs more than a name.
    createDocument: async () => null,
  });
  useUnsavedChangesGuard(session.dirty);

  const taken = stacks?.map((stack) => stack.name) ?? [];
  const publishBlocked = publishBlockedReason(session);
  const context: StackCommandContext = {
    editing: open !== null && session.viewing === null,
    canUndo: session.canUndo,
    canRedo: session.canRedo,
    undo: session.undo,
    redo: session.redo,
    newStack: workspace.startCreating,
    publishBlocked,
    publish: () => {
      if (publishBlocked) notifier.show({ kind: 'info', title: 'Cannot publish yet', message: publishBlocked });
      else setDialog('publish');
    },
    forkBlocked: !open
      ? 'Open a stack first.'
      : session.versions.length === 0
        ? 'Publish a version first: a fork copies a published version.'
        : null,
    fork: () => setDialog('fork'),
  };
  const run = useCommandRunner(
    stackCommands,
    context,
    active && !workspace.creating && dialog === null && workspace.switchTarget === null,
    'Stacks',
  );
  const openStack = useCallback((name: string) => onRouteChange(name), [onRouteChange]);

  return (
    <div className="page page--split" hidden={!active} data-testid="stacks-page">
      <StackList stacks={stacks} openName={open?.name ?? null} onOpen={openStack} onCreate={workspace.startCreating} />
      <section className="page__main">
        {open ? (
          <StackEditor session={session} contracts={contracts} context={context} onRun={run} onOpenStack={openStack} />
        ) : workspace.empty ? (
          <EmptyState
            icon="stacks"
            heading="h1"
            title="No stacks yet"
            testId="stacks-empty"
            action={
              <button
                type="button"
                className="button button--primary"
                onClick={workspace.startCreating}
                data-testid="empty-new-stack"
                {...blockedProps(createBlocked)}
              >
                New stack
              </button>
            }
          >
            A stack is a versioned blueprint: published components in slots wired together by expressions, parameters, a state machine that
            says what an instance can go through, and day-2 operations. Start empty or from the HA web example.
          </EmptyState>
        ) : (
          <div className="page__loading">Loading…</div>
        )}
      </section>
      {workspace.creating && (
        <NewStackDialog
          taken={taken}
          create={session.createStack}
          onCancel={workspace.cancelCreating}
          onCreated={(detail) => {
            workspace.cancelCreating();
            notifier.success(`Created ${detail.name}`, 'Its draft saves as you edit; publish a version when the problems list is empty.');
            onRouteChange(detail.name);
          }}
        />
      )}
      {workspace.switchTarget !== null && open && (
        <ConfirmDialog
          title="Discard edits that are not saved?"
          message={`"${open.name}" has edits the engine has not stored (see the banner above the editor). Opening another stack discards them.`}
          confirmLabel="Discard and open"
          danger
          onCancel={workspace.stay}
          onConfirm={workspace.discardAndSwitch}
        />
      )}
      {dialog === 'publish' && open && (
        <PublishStackDialog
          name={open.name}
          nextVersion={(open.latestVersion ?? 0) + 1}
          publish={session.publish}
          onCancel={() => setDialog(null)}
          onPublished={(version) => {
            setDialog(null);
            notifier.success(`Published ${open.name} v${version.version}`, 'Instances can deploy it now; forks can copy it.');
          }}
        />
      )}
      {dialog === 'fork' && open && session.versions.length > 0 && (
        <ForkStackDialog
          name={open.name}
          versions={session.versions}
          initialVersion={session.viewing?.version ?? session.versions[0]?.version ?? 1}
          taken={taken}
          fork={session.fork}
          onCancel={() => setDialog(null)}
          onForked={(detail) => {
            setDialog(null);
            notifier.success(
              `Forked ${open.name} as ${detail.name}`,
              `An independent copy of v${detail.forkedFrom?.version ?? ''}; it is open now.`,
            );
            onRouteChange(detail.name);
          }}
        />
      )}
    </div>
  );
}
