import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { DEFAULT_COMPONENT, plannerCommands, type PlannerCommandContext } from '../commands/planner';
import { useCommandRunner } from '../commands/use-command-runner';
import { DeployWizard } from '../deployments/wizard/DeployWizard';
import { useNotifier } from '../toasts/ToastProvider';
import { ConflictBanner } from '../ui/ConflictBanner';
import { DocumentWorkspace } from '../ui/DocumentWorkspace';
import { useDocumentWorkspace } from '../ui/use-document-workspace';
import { lastTopology } from './last-topology';
import { PlannerCanvas } from './PlannerCanvas';
import { PlanPanel } from './plan/PlanPanel';
import { PlannerToolbar } from './PlannerToolbar';
import { TopologyList } from './TopologyList';
import { useTopologySession } from './use-topology-session';

export interface PlannerPageProps {
  active: boolean;
  /** The topology named in the address, if any. */
  routeId: string | undefined;
  onRouteChange(id: string, options?: { replace?: boolean }): void;
  /** From the plan panel, when there is no environment to plan against. */
  onOpenEnvironments(): void;
  /** From the deploy wizard, to follow a deployment further. */
  onOpenDeployments(): void;
}

export function PlannerPage({ active, routeId, onRouteChange, onOpenEnvironments, onOpenDeployments }: PlannerPageProps) {
  const api = useApi();
  const notifier = useNotifier();
  const session = useTopologySession(api, notifier);
  const { topologies, open, dirty, opening, openTopology } = session;
  const [componentName, setComponentName] = useState(DEFAULT_COMPONENT);
  const [planOpen, setPlanOpen] = useState(false);
  const [deploying, setDeploying] = useState(false);
  // Counts document edits, so the plan panel can follow the canvas.
  const [documentVersion, setDocumentVersion] = useState(0);
  const { onEditorChange, editor } = session;
  // The panel takes room from the canvas; fit the nodes into what is left so none hides behind it.
  const planShown = useRef(planOpen);
  useEffect(() => {
    if (!editor || planShown.current === planOpen) return;
    const frame = requestAnimationFrame(() => {
      planShown.current = planOpen;
      void editor.zoomToFit();
    });
    return () => cancelAnimationFrame(frame);
  }, [editor, planOpen]);
  const onCanvasChange = useCallback(
    (documentChanged: boolean) => {
      onEditorChange(documentChanged);
      if (documentChanged) setDocumentVersion((count) => count + 1);
    },
    [onEditorChange],
  );
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
    planOpen,
    togglePlan: () => setPlanOpen((open) => !open),
    canDeploy: open !== null,
    openDeploy: () => setDeploying(true),
  };
  // The wizard is modal: the canvas' shortcuts (Delete, Undo) must not act behind it.
  const run = useCommandRunner(plannerCommands, context, workspace.shortcutsActive && !deploying);

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
          <div className="planner-body">
            <div className="planner-stage">
              <PlannerCanvas onReady={session.setEditor} onChange={onCanvasChange} />
              {session.editorState.nodeCount === 0 && !opening && (
                <div className="canvas-hint" data-testid="canvas-hint">
                  This topology is empty. Name a component in the toolbar and choose <strong>Add node</strong>; connect nodes by dragging from an
                  output to an input.
                </div>
              )}
            </div>
            {planOpen && (
              <PlanPanel
                active={active}
                editor={session.editor}
                documentVersion={documentVersion}
                onClose={() => setPlanOpen(false)}
                onOpenEnvironments={onOpenEnvironments}
              />
            )}
          </div>
          {deploying && (
            <DeployWizard
              key={topology.id}
              topology={topology}
              dirty={dirty}
              saving={session.saving}
              onSave={session.save}
              onClose={() => setDeploying(false)}
              onOpenEnvironments={() => {
                setDeploying(false);
                onOpenEnvironments();
              }}
              onOpenDeployments={onOpenDeployments}
            />
          )}
        </>
      )}
    </DocumentWorkspace>
  );
}
