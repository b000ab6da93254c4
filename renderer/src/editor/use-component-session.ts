import { useCallback, useRef, useState } from 'react';
import type { ComponentDraft, ComponentDraftSummary, NimbusApi } from '../../../engine/api/contract';
import type { Notifier } from '../toasts/ToastProvider';
import { useRevisionedSave } from '../ui/use-revisioned-save';

/** The draft open in the editor: `savedCode` is what the server has at `revision`. */
export interface OpenDraft {
  id: string;
  name: string;
  revision: number;
  savedCode: string;
  /** Bumped whenever the text comes from the server, so the editor replaces its model's text. */
  loadToken: number;
}

/** Drafts list, the open draft, its unsaved text, and saving it against the revision it came from. */
export function useComponentSession(api: NimbusApi, notifier: Notifier) {
  const [drafts, setDrafts] = useState<ComponentDraftSummary[] | null>(null);
  const [open, setOpen] = useState<OpenDraft | null>(null);
  const [code, setCode] = useState('');
  const [opening, setOpening] = useState(false);
  const { saving, conflict, clearConflict, saveAt } = useRevisionedSave(notifier, 'Could not save the component');
  const loadToken = useRef(0);

  const refreshList = useCallback(async () => {
    try {
      setDrafts(await api.listComponentDrafts({}));
    } catch (error) {
      notifier.error('Could not list components', error);
      setDrafts((previous) => previous ?? []);
    }
  }, [api, notifier]);

  const show = useCallback((draft: ComponentDraft) => {
    loadToken.current += 1;
    setOpen({ id: draft.id, name: draft.name, revision: draft.revision, savedCode: draft.code, loadToken: loadToken.current });
    setCode(draft.code);
    clearConflict();
  }, [clearConflict]);

  const openDraft = useCallback(
    async (id: string) => {
      setOpening(true);
      try {
        show(await api.getComponentDraft({ id }));
      } catch (error) {
        notifier.error('Could not open the component', error);
      } finally {
        setOpening(false);
      }
    },
    [api, notifier, show],
  );

  const createDraft = useCallback(
    async (name: string): Promise<ComponentDraft | null> => {
      try {
        const draft = await api.createComponentDraft({ name });
        setDrafts((previous) => [toSummary(draft), ...(previous ?? [])]);
        return draft;
      } catch (error) {
        notifier.error('Could not create the component', error);
        return null;
      }
    },
    [api, notifier],
  );

  const save = useCallback(async () => {
    if (!open || saving) return;
    const sent = code;
    await saveAt(
      open.revision,
      () => api.saveComponentDraft({ id: open.id, expectedRevision: open.revision, code: sent }),
      (saved) => {
        setOpen((previous) => (previous && previous.id === saved.id ? { ...previous, revision: saved.revision, savedCode: sent } : previous));
        setDrafts((previous) => previous?.map((entry) => (entry.id === saved.id ? toSummary(saved) : entry)) ?? null);
      },
    );
  }, [api, code, open, saving, saveAt]);

  return {
    drafts,
    open,
    code,
    setCode,
    dirty: open !== null && code !== open.savedCode,
    saving,
    opening,
    conflict,
    dismissConflict: clearConflict,
    refreshList,
    openDraft,
    createDraft,
    save,
  };
}

function toSummary(draft: ComponentDraft): ComponentDraftSummary {
  return { id: draft.id, name: draft.name, language: draft.language, revision: draft.revision, updatedAt: draft.updatedAt };
}
