import type { ReactNode } from 'react';
import type { MethodName } from '../../../engine/api/contract';
import { ConfirmDialog } from './ConfirmDialog';
import { EmptyState } from './EmptyState';
import type { IconName } from './Icon';
import { PromptDialog } from './PromptDialog';
import type { DocumentWorkspaceState, OpenDocumentRef } from './use-document-workspace';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';

export interface DocumentWorkspaceProps<Open extends OpenDocumentRef> {
  workspace: DocumentWorkspaceState<Open>;
  testId: string;
  /** One document, as the texts and test ids name it: "New component", `empty-new-component`. */
  noun: string;
  /** Example name in the "New …" dialog. */
  namePlaceholder: string;
  /** The list of documents; its "New …" button calls `workspace.startCreating`. */
  list: ReactNode;
  /** Shown once the list has loaded empty, above a "New …" button. */
  empty: { icon: IconName; title: string; testId: string; text: ReactNode };
  /** The editor of the open document. */
  children(open: Open): ReactNode;
  /** The API method creating a document calls: its button is disabled, with the reason, for a user who may not call it. */
  createMethod?: MethodName;
}

/** The page around a document editor: the list beside it, the empty and loading states, and the create and discard dialogs. */
export function DocumentWorkspace<Open extends OpenDocumentRef>({
  workspace,
  testId,
  noun,
  namePlaceholder,
  list,
  empty,
  children,
  createMethod,
}: DocumentWorkspaceProps<Open>) {
  const createBlocked = useBlockedReason(...(createMethod ? [createMethod] : []));
  const { open, switchTarget } = workspace;
  return (
    <div className="page page--split" hidden={!workspace.active} data-testid={testId}>
      {list}
      <section className="page__main">
        {open ? (
          children(open)
        ) : workspace.empty ? (
          <EmptyState
            icon={empty.icon}
            heading="h1"
            title={empty.title}
            testId={empty.testId}
            action={
              <button
                type="button"
                className="button button--primary"
                onClick={workspace.startCreating}
                data-testid={`empty-new-${noun}`}
                {...blockedProps(createBlocked)}
              >
                {`New ${noun}`}
              </button>
            }
          >
            {empty.text}
          </EmptyState>
        ) : (
          <div className="page__loading">Loading…</div>
        )}
      </section>
      {workspace.creating && (
        <PromptDialog
          title={`New ${noun}`}
          label="Name"
          placeholder={namePlaceholder}
          confirmLabel="Create"
          onCancel={workspace.cancelCreating}
          onConfirm={(name) => void workspace.create(name)}
        />
      )}
      {switchTarget !== null && open && (
        <ConfirmDialog
          title="Discard unsaved changes?"
          message={`"${open.name}" has changes that are not saved. Opening another ${noun} discards them.`}
          confirmLabel="Discard and open"
          danger
          onCancel={workspace.stay}
          onConfirm={workspace.discardAndSwitch}
        />
      )}
    </div>
  );
}
