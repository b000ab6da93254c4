import { lazy, Suspense, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { ComponentCommandContext } from '../commands/editor/component-command-context';
import { componentCommands } from '../commands/editor/save-component';
import { useCommandRunner } from '../commands/use-command-runner';
import { useResolvedTheme } from '../theme/ThemeProvider';
import { useNotifier } from '../toasts/ToastProvider';
import { ConflictBanner } from '../ui/ConflictBanner';
import { DocumentWorkspace } from '../ui/DocumentWorkspace';
import { useDocumentWorkspace } from '../ui/use-document-workspace';
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
  const { drafts, open, dirty, openDraft } = session;
  const [markers, setMarkers] = useState<MarkerSummary>(NO_MARKERS);
  const workspace = useDocumentWorkspace({
    active,
    routeId,
    onRouteChange,
    documents: drafts,
    open,
    dirty,
    opening: session.opening,
    refreshList: session.refreshList,
    openDocument: openDraft,
    createDocument: session.createDraft,
  });

  const context: ComponentCommandContext = { hasDraft: open !== null, dirty, saving: session.saving, save: session.save };
  const run = useCommandRunner(componentCommands, context, workspace.shortcutsActive);

  return (
    <DocumentWorkspace
      workspace={workspace}
      testId="components-page"
      noun="component"
      namePlaceholder="e.g. local-file"
      list={<ComponentList drafts={drafts} openId={open?.id ?? null} onOpen={(id) => onRouteChange(id)} onCreate={workspace.startCreating} />}
      empty={{
        icon: 'components',
        title: 'No components yet',
        testId: 'components-empty',
        text: 'A component is a small TypeScript program that describes one piece of infrastructure. Write it here, then place it on a topology.',
      }}
    >
      {(draft) => (
        <>
          <ComponentToolbar name={draft.name} revision={draft.revision} markers={markers} context={context} onRun={run} />
          {session.conflict && (
            <ConflictBanner subject="component" conflict={session.conflict} onDismiss={session.dismissConflict} onReload={() => void openDraft(draft.id)} />
          )}
          <div className="code-stage" data-testid="component-editor">
            <Suspense fallback={<div className="page__loading">Starting the editor…</div>}>
              <CodeEditor
                modelPath={componentModelPath(draft.id, draft.name)}
                code={session.code}
                loadToken={draft.loadToken}
                theme={theme}
                onChange={session.setCode}
                onMarkers={setMarkers}
              />
            </Suspense>
          </div>
        </>
      )}
    </DocumentWorkspace>
  );
}
