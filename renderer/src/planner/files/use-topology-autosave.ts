import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { NimbusApi } from '../../../../engine/api/contract';
import type { TopologyDocument, TopologyDraft } from '../../../../engine/api/schemas/topology';

/** How long editing must pause before the draft is written (each write is one small API call). */
export const AUTOSAVE_DELAY_MS = 700;

interface AutosaveTarget {
  id: string;
  revision: number;
}

/**
 * Keeps unsaved edits of the open topology in the engine as a draft, a moment after each change, so a
 * reload, a crash or a closed window loses nothing: the next open offers to restore it. Saving the
 * topology drops the draft (the engine does that in the same transaction).
 */
export function useTopologyAutosave(options: {
  api: NimbusApi;
  open: AutosaveTarget | null;
  dirty: boolean;
  /** Changes whenever the document changes (any edit). */
  changeToken: unknown;
  getDocument: () => TopologyDocument | null;
  onError: (error: unknown) => void;
  /** False while the signed-in user may not save drafts (a read-only user): nothing is written, nothing fails. */
  enabled?: boolean;
}) {
  const { api, open, dirty, changeToken, getDocument, onError, enabled = true } = options;
  const latest = useRef({ api, open, dirty, getDocument, onError, enabled });
  useLayoutEffect(() => {
    latest.current = { api, open, dirty, getDocument, onError, enabled };
  });
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The draft write under way, if any: a save waits for it (see hold).
  const writing = useRef<Promise<void> | null>(null);

  const flush = useCallback(async () => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = null;
    const { api: client, open: target, dirty: unsaved, getDocument: read, onError: report, enabled: allowed } = latest.current;
    const document = allowed && unsaved && target ? read() : null;
    if (!target || !document) return;
    const write = (async () => {
      try {
        await client.saveTopologyDraft({ id: target.id, baseRevision: target.revision, document });
      } catch (error) {
        report(error);
      }
    })();
    writing.current = write;
    await write;
    if (writing.current === write) writing.current = null;
  }, []);

  /**
   * Before a save: drops the draft write that is waiting and waits for the one under way, so no draft
   * of the old revision lands after the save has dropped the draft. Edits left unsaved after the save
   * are autosaved again from its new revision.
   */
  const hold = useCallback(async () => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = null;
    await writing.current;
  }, []);

  useEffect(() => {
    if (!dirty || !open) return;
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
  }, [changeToken, dirty, open, flush]);

  // Leaving or hiding the window writes what is pending at once (best effort: the page may not wait).
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden' && pending.current) void flush();
    };
    const onUnload = () => {
      if (pending.current) void flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onUnload);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onUnload);
      if (pending.current) void flush();
    };
  }, [flush]);

  /** The draft left from an earlier session for `id`, when it differs from what is saved. */
  const findDraft = useCallback(async (id: string, saved: TopologyDocument): Promise<TopologyDraft | null> => {
    const draft = await latest.current.api.getTopologyDraft({ id });
    if (!draft) return null;
    if (JSON.stringify(draft.document) === JSON.stringify(saved)) {
      await latest.current.api.discardTopologyDraft({ id });
      return null;
    }
    return draft;
  }, []);

  const discardDraft = useCallback(async (id: string) => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = null;
    await latest.current.api.discardTopologyDraft({ id });
  }, []);

  return { flush, hold, findDraft, discardDraft };
}
