import { useCallback, useState } from 'react';
import { isApiError } from '../api/api-error';
import type { Notifier } from '../toasts/ToastProvider';
import type { RevisionConflict } from './ConflictBanner';

/**
 * Saving a document against the revision it was loaded at. The engine refuses a save whose expected
 * revision is stale; that refusal becomes a conflict for the page to show (with a reload), any other
 * failure a toast.
 */
export function useRevisionedSave(notifier: Notifier, failureMessage: string) {
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<RevisionConflict | null>(null);
  const clearConflict = useCallback(() => setConflict(null), []);

  const saveAt = useCallback(
    async <Saved>(expectedRevision: number, request: () => Promise<Saved>, onSaved: (saved: Saved) => void): Promise<void> => {
      setSaving(true);
      try {
        onSaved(await request());
        setConflict(null);
      } catch (error) {
        if (isApiError(error, 'revision_conflict')) {
          const actual = error.details['actual'];
          setConflict({ yours: expectedRevision, theirs: typeof actual === 'number' ? actual : null });
        } else {
          notifier.error(failureMessage, error);
        }
      } finally {
        setSaving(false);
      }
    },
    [notifier, failureMessage],
  );

  return { saving, conflict, clearConflict, saveAt };
}
