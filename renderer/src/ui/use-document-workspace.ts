import { useEffect, useState } from 'react';
import { useUnsavedChangesGuard } from './use-unsaved-changes-guard';

/** What a workspace needs to know of the open document. */
export interface OpenDocumentRef {
  id: string;
  name: string;
}

/** The document session a workspace drives, in the session's own terms. */
export interface DocumentWorkspaceOptions<Open extends OpenDocumentRef> {
  active: boolean;
  /** The document named in the address, if any. */
  routeId: string | undefined;
  onRouteChange(id: string, options?: { replace?: boolean }): void;
  /** The listed documents; null until the list has loaded. */
  documents: readonly { id: string }[] | null;
  open: Open | null;
  dirty: boolean;
  opening: boolean;
  refreshList(): Promise<void>;
  openDocument(id: string): Promise<unknown>;
  createDocument(name: string): Promise<{ id: string } | null>;
  /** Where the last opened document is remembered, for a workspace that reopens it on the next start. */
  lastOpened?: { get(): string | null; set(id: string): void };
}

export interface DocumentWorkspaceState<Open extends OpenDocumentRef> {
  active: boolean;
  open: Open | null;
  /** The list has loaded and holds no documents. */
  empty: boolean;
  /** The "New …" dialog is showing. */
  creating: boolean;
  /** The document the address names while the open one has unsaved changes; null when nothing waits. */
  switchTarget: string | null;
  /** Keyboard shortcuts act on an open document, and never behind one of the workspace's dialogs. */
  shortcutsActive: boolean;
  startCreating(): void;
  cancelCreating(): void;
  create(name: string): Promise<void>;
  /** Drops the unsaved changes and opens the switch target. */
  discardAndSwitch(): void;
  /** Keeps the open document, putting it back in the address. */
  stay(): void;
}

/**
 * The behaviour every "list of documents beside an editor" page shares: loading the list, keeping the
 * address and the open document in step, asking before unsaved changes are discarded, and creating.
 */
export function useDocumentWorkspace<Open extends OpenDocumentRef>(options: DocumentWorkspaceOptions<Open>): DocumentWorkspaceState<Open> {
  const { active, routeId, onRouteChange, documents, open, dirty, opening, refreshList, openDocument, createDocument, lastOpened } =
    options;
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void refreshList();
  }, [refreshList]);

  useUnsavedChangesGuard(dirty);

  // Keep the address and the open document in step: the address wins, else the open one, else the last one used, else the newest.
  useEffect(() => {
    if (!active || documents === null || opening) return;
    const known = (id: string | null | undefined): id is string => Boolean(id && documents.some((entry) => entry.id === id));
    const remembered = () => {
      const id = lastOpened?.get();
      return known(id) ? id : undefined;
    };
    const wanted = known(routeId) ? routeId : known(open?.id) ? open.id : (remembered() ?? documents[0]?.id);
    if (!wanted) return;
    if (wanted !== routeId) {
      onRouteChange(wanted, { replace: true });
      return;
    }
    // With unsaved changes, the confirmation (`switchTarget`) decides; it is derived from the same state.
    if (open?.id === wanted || (dirty && open)) return;
    lastOpened?.set(wanted);
    void openDocument(wanted);
  }, [active, documents, routeId, open, dirty, opening, openDocument, onRouteChange, lastOpened]);

  // The address names another document while this one has unsaved changes: ask before switching.
  const switchTarget =
    active && dirty && open && !opening && routeId && routeId !== open.id && documents?.some((entry) => entry.id === routeId)
      ? routeId
      : null;

  return {
    active,
    open,
    empty: documents?.length === 0,
    creating,
    switchTarget,
    shortcutsActive: active && open !== null && !creating && switchTarget === null,
    startCreating: () => setCreating(true),
    cancelCreating: () => setCreating(false),
    create: async (name) => {
      setCreating(false);
      const created = await createDocument(name);
      if (created) onRouteChange(created.id);
    },
    discardAndSwitch: () => {
      if (switchTarget === null) return;
      lastOpened?.set(switchTarget);
      void openDocument(switchTarget);
    },
    stay: () => {
      if (open) onRouteChange(open.id, { replace: true });
    },
  };
}
