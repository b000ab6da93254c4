import { useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { DEFAULT_COMPONENT, plannerCommands, type PlannerCommandContext } from '../commands/planner';
import { useCommandRunner } from '../commands/use-command-runner';
import { useNotifier } from '../toasts/ToastProvider';
import { ConflictBanner } from '../ui/ConflictBanner';
import { DocumentWorkspace } from '../ui/DocumentWorkspace';
import { useDocumentWorkspace } from '../ui/use-document-workspace';
import { lastTopology } from './last-topology';
import { PlannerCanvas } from './PlannerCanvas';
import { PlannerToolbar } from './PlannerToolbar';
import { TopologyList } from './TopologyList';
import { useTopologySession } from './use-topology-session';

export interface PlannerPageProps {
  active: boolean;
  /** The topology named in the address, if any. */
  routeId: string | undefined;
  onRouteChange(id: string, options?: { replace?: boolean }): void;
}

export function PlannerPage({ active, routeId, onRouteChange }: PlannerPageProps) {
  const api = useApi();
  const notifier = useNotifier();
  const session = useTopologySession(api, notifier);
  const { topologies, open, dirty, opening, openTopology } = session;
  const [componentName, setComponentName] = useState(DEFAULT_COMPONENT);
  const workspace = useDocumentWorkspace({
    active,
    routeId,
    onRouteChange,
    documents: topologies,
    open,
    dirty,
    opening,
    refreshList: session.refreshList,
    openDocument: openTopology,
    createDocument: session.createTopology,
    // The planner reopens the topology used last when the address names none.
    lastOpened: lastTopology,
  });

  const context: PlannerCommandContext = {
    editor: session.editor,
    editorState: session.editorState,
    componentName,
    dirty,
    saving: session.saving,
    save: session.save,
  };
  const run = useCommandRunner(plannerCommands, context, workspace.shortcutsActive);

  return (
    <DocumentWorkspace
      workspace={workspace}
      testId="planner-page"
      noun="topology"
      namePlaceholder="e.g. staging-network"
      list={<TopologyList topologies={topologies} openId={open?.id ?? null} onOpen={(id) => onRouteChange(id)} onCreate={workspace.startCreating} />}
      empty={{
        icon: 'planner',
        title: 'No topologies yet',
        testId: 'planner-empty',
        text: 'A topology maps the components you want to run and how they depend on each other. Create one to start planning.',
      }}
    >
      {(topology) => (
        <>
          <PlannerToolbar name={topology.name} revision={topology.revision} context={context} onComponentNameChange={setComponentName} onRun={run} />
          {session.conflict && (
            <ConflictBanner subject="topology" conflict={session.conflict} onDismiss={session.dismissConflict} onReload={() => void openTopology(topology.id)} />
          )}
          <div className="planner-stage">
            <PlannerCanvas onReady={session.setEditor} onChange={session.onEditorChange} />
            {session.editorState.nodeCount === 0 && !opening && (
              <div className="canvas-hint" data-testid="canvas-hint">
                This topology is empty. Name a component in the toolbar and choose <strong>Add node</strong>; connect nodes by dragging from an
                output to an input.
              </div>
            )}
          </div>
        </>
      )}
    </DocumentWorkspace>
  );
}
