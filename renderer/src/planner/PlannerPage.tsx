import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { useSemanticCatalog } from '../catalog/use-semantic-catalog';
import { DEFAULT_COMPONENT, plannerCommands, togglePaletteCommand, type PlannerCommandContext } from '../commands/planner';
import { useCommandRunner } from '../commands/use-command-runner';
import { DeployWizard } from '../deployments/wizard/DeployWizard';
import { SandboxOffer } from '../environments/sandbox/SandboxOffer';
import { useNotifier } from '../toasts/ToastProvider';
import { ConflictBanner } from '../ui/ConflictBanner';
import { DocumentWorkspace } from '../ui/DocumentWorkspace';
import { Icon } from '../ui/Icon';
import { useDocumentWorkspace } from '../ui/use-document-workspace';
import { useReactivation } from '../ui/use-reactivation';
import { ContractStore } from './contracts/contract-store';
import { stackPaletteEntries } from './contracts/stack-entries';
import { NodeInspector } from './inspector/NodeInspector';
import { lastTopology } from './last-topology';
import { buildOverlay } from './overlay/node-overlay';
import { usePlannerPlan } from './overlay/use-planner-plan';
import { PlannerPalette } from './palette/PlannerPalette';
import { PlannerCanvas } from './PlannerCanvas';
import { PlannerContextMenu } from './context-menu/PlannerContextMenu';
import { PlanPanel } from './plan/PlanPanel';
import { PlannerToolbar } from './PlannerToolbar';
import { TopologyList } from './TopologyList';
import { useTopologySession } from './use-topology-session';
import { WireNotice, useWireNotice } from './WireNotice';
import { DraftBanner } from './files/DraftBanner';
import { FirstRunChecklist } from './first-run/FirstRunChecklist';
import { useFirstRun } from './first-run/use-first-run';
import { usePlannerDestroy } from './destroy/use-planner-destroy';
import { FileIssuesDialog } from './files/FileIssuesDialog';
import { usePlannerFiles } from './files/use-planner-files';
import './planner-workbench.css';

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
  const [paletteOpen, setPaletteOpen] = useState(true);
  const [deploying, setDeploying] = useState(false);
  // Counts document edits, so the plan follows the canvas.
  const [documentVersion, setDocumentVersion] = useState(0);
  const { onEditorChange, editor, editorState } = session;
  const wireNotice = useWireNotice();
  const searchRef = useRef<HTMLInputElement>(null);
  const inspectorRef = useRef<HTMLElement>(null);

  // The catalog: published components for the palette, and their contracts for the canvas.
  const [contracts] = useState(() => new ContractStore(api));
  const catalog = useSemanticCatalog();
  const shown = useReactivation(active);
  // Published stacks sit in the palette beside the components (as `stack:NAME`).
  const loadComponents = useCallback(async () => {
    const [components, stacks] = await Promise.all([api.listComponents({}), api.listStacks({})]);
    return [...components, ...stackPaletteEntries(stacks)];
  }, [api]);
  const components = useApiResource(loadComponents, 'Could not list components', shown);
  useEffect(() => {
    if (components.value) contracts.setSummaries(components.value);
  }, [components.value, contracts]);
  const componentRefs = useMemo(
    () => (components.value ?? []).flatMap((component) => (component.latestVersion === null ? [] : [`${component.name}@${component.latestVersion}`])),
    [components.value],
  );

  const plan = usePlannerPlan({ active, editor, topologyName: open?.name ?? null, documentVersion, runtimeKey: deploying });
  // Files: open/import, export, pictures of the canvas, recent files (browser APIs, also in Electron).
  const files = usePlannerFiles({
    api,
    notifier,
    open,
    dirty,
    editor,
    contractOf: (ref) => contracts.peek(ref),
    overlay: () => buildOverlay(plan.plan, plan.runtime, false),
    onImported: async (id) => {
      await session.refreshList();
      onRouteChange(id);
    },
  });
  useEffect(() => {
    editor?.setOverlay(buildOverlay(plan.plan, plan.runtime, planOpen));
  }, [editor, plan.plan, plan.runtime, planOpen]);

  // Side panels take room from the canvas; fit the nodes into what is left so none hides behind them.
  const layout = `${planOpen}:${paletteOpen}`;
  const shownLayout = useRef(layout);
  useEffect(() => {
    if (!editor || shownLayout.current === layout) return;
    const frame = requestAnimationFrame(() => {
      shownLayout.current = layout;
      void editor.zoomToFit();
    });
    return () => cancelAnimationFrame(frame);
  }, [editor, layout]);

  const onCanvasChange = useCallback(
    (documentChanged: boolean) => {
      onEditorChange(documentChanged);
      if (documentChanged) setDocumentVersion((count) => count + 1);
    },
    [onEditorChange],
  );
  const addComponent = useCallback(
    (ref: string, at?: { clientX: number; clientY: number }) => {
      if (!editor) return;
      editor.addNode(ref, at).catch((error: unknown) => notifier.error('Could not add the node', error));
    },
    [editor, notifier],
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

  // First run: no environment yet offers the local sandbox; a checklist then leads to a first deploy.
  const firstRun = useFirstRun({ plan, editorState, planOpen, hasTopology: open !== null, createTopology: workspace.create });
  const sandboxOffer = (variant: 'banner' | 'inline') => (
    <SandboxOffer variant={variant} creating={firstRun.sandbox.creating} onCreate={() => void firstRun.sandbox.create()} onOpenEnvironments={variant === 'banner' ? onOpenEnvironments : undefined} />
  );

  const destroy = usePlannerDestroy(plan, open?.name ?? null);

  const context: PlannerCommandContext = {
    editor,
    editorState,
    componentName,
    dirty,
    saving: session.saving,
    save: session.save,
    planOpen,
    togglePlan: () => setPlanOpen((value) => !value),
    canDeploy: open !== null,
    openDeploy: () => setDeploying(true),
    canDestroy: destroy.canDestroy,
    openDestroy: destroy.open,
    paletteOpen,
    togglePalette: () => setPaletteOpen((value) => !value),
    focusPaletteSearch: () => {
      setPaletteOpen(true);
      requestAnimationFrame(() => searchRef.current?.focus());
    },
    focusInspector: () => {
      requestAnimationFrame(() => inspectorRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus());
    },
    files: files.actions,
  };
  // The wizard is modal: the canvas' shortcuts (Delete, Undo) must not act behind it.
  const run = useCommandRunner(plannerCommands, context, workspace.shortcutsActive && !deploying, 'Planner');
  const selected = editorState.selected;
  const resolution = selected ? (plan.plan?.nodes.find((node) => node.nodeId === selected.id) ?? null) : null;

  return (
    <DocumentWorkspace
      workspace={workspace}
      testId="planner-page"
      noun="topology"
      namePlaceholder="e.g. staging-network"
      list={
        <>
          <TopologyList topologies={topologies} openId={open?.id ?? null} recentFiles={files.recent} onOpen={(id) => onRouteChange(id)} onCreate={workspace.startCreating} />
          {files.rejected && <FileIssuesDialog file={files.rejected} onClose={files.dismissRejected} />}
        </>
      }
      empty={{
        icon: 'planner',
        title: 'No topologies yet',
        testId: 'planner-empty',
        text: (
          <>
            <p>A topology maps the components you want to run and how they depend on each other. Create one to start planning, or open a YAML or JSON topology file.</p>
            <button type="button" className="button button--small" onClick={() => void files.actions.openFile().catch((error: unknown) => notifier.error('Could not open the file', error))} data-testid="empty-open-file">
              Open a file…
            </button>
            {firstRun.offer && sandboxOffer('inline')}
          </>
        ),
      }}
    >
      {(topology) => (
        <>
          <PlannerToolbar
            name={topology.name}
            revision={topology.revision}
            context={context}
            plan={plan}
            componentRefs={componentRefs}
            onComponentNameChange={setComponentName}
            onRun={run}
          />
          {firstRun.offer && sandboxOffer('banner')}
          {session.draftOffer && <DraftBanner offer={session.draftOffer} onRestore={() => void session.restoreDraft()} onDiscard={() => void session.discardDraft()} />}
          {session.conflict && (
            <ConflictBanner subject="topology" keepsDraft conflict={session.conflict} onDismiss={session.dismissConflict} onReload={() => void openTopology(topology.id)} />
          )}
          <div className="planner-body">
            {paletteOpen && (
              <PlannerPalette components={components.value} catalog={catalog} searchRef={searchRef} onAdd={(ref) => addComponent(ref)} onHide={() => setPaletteOpen(false)} />
            )}
            <div className="planner-stage">
              {!paletteOpen && (
                <button
                  type="button"
                  className="button button--small planner-palette-show"
                  title="Show the components (Shift+C)"
                  onClick={() => run(togglePaletteCommand)}
                  data-testid="palette-show"
                >
                  <Icon name="catalog" size={14} />
                  <span>Components</span>
                </button>
              )}
              <PlannerCanvas
                contracts={contracts}
                onReady={session.setEditor}
                onChange={onCanvasChange}
                onWireRefused={wireNotice.show}
                onDropComponent={(ref, at) => addComponent(ref, at)}
              />
              {editorState.nodeCount === 0 && !opening && (
                <div className="canvas-hint" data-testid="canvas-hint">
                  This topology is empty. Drag a component from the palette onto the canvas, or click it to add it; then wire an output to an input by
                  dragging between their sockets.
                </div>
              )}
              {firstRun.checklist && (
                <FirstRunChecklist
                  items={firstRun.checklist}
                  environment={plan.environment}
                  onDo={(item) => {
                    if (item === 'add') context.focusPaletteSearch();
                    else if (item === 'plan') setPlanOpen(true);
                    else if (item === 'deploy') setDeploying(true);
                  }}
                  onClose={firstRun.closeChecklist}
                />
              )}
              <WireNotice notice={wireNotice.notice} onDismiss={wireNotice.dismiss} />
              <PlannerContextMenu editor={editor} context={context} run={run} />
            </div>
            {(selected || planOpen) && editor && (
              <div className="planner-side">
                {selected && (
                  <NodeInspector
                    key={selected.id}
                    node={selected}
                    editor={editor}
                    structureVersion={editorState.structureVersion}
                    resolution={resolution}
                    environment={plan.environment}
                    rootRef={inspectorRef}
                    onClose={() => void editor.clearSelection()}
                  />
                )}
                {planOpen && <PlanPanel plan={plan} onClose={() => setPlanOpen(false)} onOpenEnvironments={onOpenEnvironments} sandboxOffer={sandboxOffer('inline')} />}
              </div>
            )}
          </div>
          {destroy.dialog}
          {deploying && (
            <DeployWizard
              key={topology.id}
              topology={topology}
              environment={plan.environment}
              dirty={dirty}
              saving={session.saving}
              onSave={session.save}
              onClose={() => setDeploying(false)}
              onOpenEnvironments={() => {
                setDeploying(false);
                onOpenEnvironments();
              }}
              onOpenDeployments={onOpenDeployments}
              onEnvironmentCreated={(name) => {
                plan.chooseEnvironment(name);
                plan.refresh();
              }}
            />
          )}
        </>
      )}
    </DocumentWorkspace>
  );
}
