import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { Command } from '../commands/command';
import type { ComponentCommandContext } from '../commands/editor/component-command-context';
import { componentCommands } from '../commands/editor/save-component';
import { runCommand } from '../commands/run-command';
import { useCommandShortcuts } from '../commands/use-command-shortcuts';
import { useResolvedTheme } from '../theme/ThemeProvider';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ConflictBanner } from '../ui/ConflictBanner';
import { EmptyState } from '../ui/EmptyState';
import { PromptDialog } from '../ui/PromptDialog';
import { useUnsavedChangesGuard } from '../ui/use-unsaved-changes-guard';
import { ComponentList } from './ComponentList';
import { ComponentToolbar } from './ComponentToolbar';
import { componentModelPath } from './model-path';
import { NO_MARKERS, type MarkerSummary } from './monaco/marker-summary';
import { useComponentSession } from './use-component-session';

// Monaco is several megabytes; load it when the Components page is first opened, not at start-up.
const CodeEditor = lazy(() => import('./monaco/CodeEditor').then((module) => ({ default: module.CodeEditor })));

export interface ComponentsPageProps {
  active: boolean;
  routeId: string | undefined;
  onRouteChange(id: string, options?: { replace?: boolean }): void;
}


export function ComponentsPage({ active, routeId, onRouteChange }: ComponentsPageProps) {
  const api = useApi();
  const notifier = useNotifier();
  const theme = useResolvedTheme();
  const session = useComponentSession(api, notifier);
  const { drafts, open, dirty, opening, openDraft, refreshList } = session;
  const [markers, setMarkers] = useState<MarkerSummary>(NO_MARKERS);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void refreshList();
  }, [refreshList]);

  useUnsavedChangesGuard(dirty);

  useEffect(() => {
    if (!active || drafts === null || opening) return;
    const known = (id: string | null | undefined): id is string => Boolean(id && drafts.some((entry) => entry.id === id));
    const wanted = known(routeId) ? routeId : known(open?.id) ? open.id : drafts[0]?.id;
    if (!wanted) return;
    if (wanted !== routeId) {
      onRouteChange(wanted, { replace: true });
      return;
    }
    // With unsaved changes, the confirmation below decides (it is derived from the same state).
    if (open?.id === wanted || (dirty && open)) return;
    void openDraft(wanted);
  }, [active, drafts, routeId, open, dirty, opening, openDraft, onRouteChange]);

  // The address names another document while this one has unsaved changes: ask before switching.
  const switchTarget = active && dirty && open && !opening && routeId && routeId !== open.id && drafts?.some((entry) => entry.id === routeId) ? routeId : null;

  const context: ComponentCommandContext = { hasDraft: open !== null, dirty, saving: session.saving, save: session.save };
  const onCommandError = useCallback((command: Command<ComponentCommandContext>, error: unknown) => notifier.error(`${command.title} failed`, error), [notifier]);
  useCommandShortcuts(componentCommands, context, { active: active && open !== null && !creating && switchTarget === null, onError: onCommandError });

  const create = async (name: string) => {
    setCreating(false);
    const draft = await session.createDraft(name);
    if (draft) onRouteChange(draft.id);
  };

  return (
    <div className="page page--split" hidden={!active} data-testid="components-page">
      <ComponentList drafts={drafts} openId={open?.id ?? null} onOpen={(id) => onRouteChange(id)} onCreate={() => setCreating(true)} />
      <section className="page__main">
        {open ? (
          <>
            <ComponentToolbar
              name={open.name}
              revision={open.revision}
              markers={markers}
              context={context}
              onRun={(command) => void runCommand(command, context, onCommandError)}
            />
            {session.conflict && (
              <ConflictBanner subject="component" conflict={session.conflict} onDismiss={session.dismissConflict} onReload={() => void openDraft(open.id)} />
            )}
            <div className="code-stage" data-testid="component-editor">
              <Suspense fallback={<div className="page__loading">Starting the editor…</div>}>
                <CodeEditor
                  modelPath={componentModelPath(open.id, open.name)}
                  code={session.code}
                  loadToken={open.loadToken}
                  theme={theme}
                  onChange={session.setCode}
                  onMarkers={setMarkers}
                />
              </Suspense>
            </div>
          </>
        ) : drafts?.length === 0 ? (
          <EmptyState
            icon="components"
            title="No components yet"
            testId="components-empty"
            action={
              <button type="button" className="button button--primary" onClick={() => setCreating(true)} data-testid="empty-new-component">
                New component
              </button>
            }
          >
            A component is a small TypeScript program that describes one piece of infrastructure. Write it here, then place it on a topology.
          </EmptyState>
        ) : (
          <div className="page__loading">Loading…</div>
        )}
      </section>
      {creating && (
        <PromptDialog
          title="New component"
          label="Name"
          placeholder="e.g. local-file"
          confirmLabel="Create"
          onCancel={() => setCreating(false)}
          onConfirm={(name) => void create(name)}
        />
      )}
      {switchTarget !== null && open && (
        <ConfirmDialog
          title="Discard unsaved changes?"
          message={`"${open.name}" has changes that are not saved. Opening another component discards them.`}
          confirmLabel="Discard and open"
          danger
          onCancel={() => onRouteChange(open.id, { replace: true })}
          onConfirm={() => void openDraft(switchTarget)}
        />
      )}
    </div>
  );
}
