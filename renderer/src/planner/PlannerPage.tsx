import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { useSemanticCatalog } from '../catalog/use-semantic-catalog';
import {
  plannerCommands,
  togglePaletteCommand,
  togglePanelDockCommand,
  toggleTopologyListCommand,
  type PlannerCommandContext,
} from '../commands/planner';
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
import { refuseComponentDropsOutside } from './palette/palette-drag';
import { PlannerPalette } from './palette/PlannerPalette';
import { usePlannerLayout } from './planner-layout';
import { AddNodeQuickPick } from './quick-pick/AddNodeQuickPick';
import { PlannerCanvas } from './PlannerCanvas';
import { PlannerContextMenu } from './context-menu/PlannerContextMenu';
import { PlanPanel } from './plan/PlanPanel';
// Cost estimates.
import { CostTable, NodeCostFacts, TopologyCostTotal } from '../cost/CostViews';
import { useTopologyCost } from '../cost/use-topology-cost';
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
import './co-editing/co-editing.css';
import { ConflictList } from './co-editing/ConflictList';
import { LiveChangeNotice } from './co-editing/LiveChangeNotice';
import { useCoEditing } from './co-editing/use-co-editing';
import { useBlockedReason } from '../permissions/PermissionProvider';

/** The floating panels' distance from the canvas' right edge (`.planner-side--floating` in the CSS). */
const FLOATING_PANEL_OFFSET = 12;

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
  const editBlocked = useBlockedReason('saveTopology');
  const api = useApi();
  const notifier = useNotifier();
  const session = useTopologySession(api, notifier);
  const { topologies, open, dirty, opening, openTopology } = session;
  const [planOpen, setPlanOpen] = useState(false);
  // Which panels show around the canvas, remembered across reloads.
  const panels = usePlannerLayout();
  const paletteOpen = panels.layout.palette;
  const docked = panels.layout.docked;
  const [addingNode, setAddingNode] = useState(false);
  const [deploying, setDeploying] = useState(false);
  // Counts document edits, so the plan follows the canvas.
  const [documentVersion, setDocumentVersion] = useState(0);
  const { onEditorChange, editor, editorState } = session;
  const wireNotice = useWireNotice();
  // Shared topologies: others' changes and selections live, conflicts to resolve.
  const coEditing = useCoEditing({
    api,
    notifier,
    open,
    editor,
    editorState,
    readAgain: session.readAgain,
    savedCount: session.savedCount,
  });
  const searchRef = useRef<HTMLInputElement>(null);
  const inspectorRef = useRef<HTMLElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const sideRef = useRef<HTMLDivElement>(null);

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
  const plan = usePlannerPlan({
    active,
    editor,
    topologyId: open?.id ?? null,
    topologyName: open?.name ?? null,
    documentVersion,
    runtimeKey: deploying,
  });
  // Cost estimates: the canvas as it is now, in the plan's environment.
  const cost = useTopologyCost({
    source: editor,
    environment: plan.environment,
    topologyId: open?.id ?? null,
    // Again after edits, and when the page is shown again (a rate card may have changed meanwhile).
    version: `${documentVersion}:${shown}`,
  });
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
  // A user who may not save the topology cannot change it on the canvas either: nothing moves but the view.
  useEffect(() => {
    editor?.setReadOnly(editBlocked);
  }, [editor, editBlocked]);

  // The canvas' zoom changes only on open and on request (fit to view). When a panel opens, closes,
  // docks or floats, or the selection changes, the view pans just enough to keep the selection clear
  // of the panels; the frame after next sees the new layout and the canvas' new size.
  const selectedId = editorState.selected?.id ?? null;
  const selectedCount = editorState.selectedCount;
  useEffect(() => {
    if (!editor || selectedCount === 0) return;
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => void editor.revealSelection());
    });
    return () => cancelAnimationFrame(frame);
  }, [editor, selectedId, selectedCount, planOpen, docked, paletteOpen, panels.layout.topologyList]);

  // How much of the canvas' right edge the floating panels cover, kept by a ResizeObserver so the
  // canvas can read it at any time without forcing a layout (which costs on a 1,000-node canvas).
  const occluded = useRef(0);
  const sideShown = (editorState.selected !== null || planOpen) && editor !== null;
  useEffect(() => {
    const side = sideRef.current;
    occluded.current = 0;
    if (!side || docked || !sideShown) return;
    const observer = new ResizeObserver(([entry]) => {
      const width = entry?.borderBoxSize[0]?.inlineSize ?? entry?.contentRect.width ?? 0;
      occluded.current = width > 0 ? width + FLOATING_PANEL_OFFSET : 0;
    });
    observer.observe(side);
    return () => {
      observer.disconnect();
      occluded.current = 0;
    };
  }, [docked, sideShown]);
  const occludedRight = useCallback(() => occluded.current, []);

  // Palette items land on the canvas only; anywhere else the drop is refused and says where to go.
  useEffect(() => {
    if (!active) return;
    return refuseComponentDropsOutside(
      () => stageRef.current?.querySelector('[data-testid="planner-canvas"]') ?? null,
      (target) => {
        // Let go over the palette it came from: a change of mind, not a mistake.
        if (target instanceof Element && target.closest('[data-testid="planner-palette"]')) return;
        notifier.show({
          kind: 'info',
          title: 'Drop components on the canvas',
          message: 'Nothing was added. Drag the component onto the canvas, or click it in the palette.',
        });
      },
    );
  }, [active, notifier]);

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
  const focusInspector = useCallback(() => {
    // The inspector mounts once the selection has reached React, which can be frames after the canvas
    // shows it: wait for the inspector of the node the canvas has selected, not the one it replaces
    // (focusing a field that is about to unmount would drop the focus on the page).
    let tries = 0;
    const attempt = () => {
      const selectedNodes = stageRef.current?.querySelectorAll<HTMLElement>('.planner-node[data-selected="true"]');
      const wanted = selectedNodes?.length === 1 ? selectedNodes[0]?.dataset['nodeId'] : undefined;
      const inspector = inspectorRef.current;
      const field =
        inspector && (wanted === undefined || inspector.dataset['nodeId'] === wanted)
          ? inspector.querySelector<HTMLElement>('input, select, textarea')
          : null;
      if (field) field.focus();
      else if ((tries += 1) < 60) requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
  }, []);
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
    <SandboxOffer
      variant={variant}
      creating={firstRun.sandbox.creating}
      onCreate={() => void firstRun.sandbox.create()}
      onOpenEnvironments={variant === 'banner' ? onOpenEnvironments : undefined}
    />
  );

  const destroy = usePlannerDestroy(plan, open?.name ?? null);

  const context: PlannerCommandContext = {
    editor,
    editorState,
    openAddNode: () => setAddingNode(true),
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
    togglePalette: () => panels.toggle('palette'),
    topologyListOpen: panels.layout.topologyList,
    toggleTopologyList: () => panels.toggle('topologyList'),
    panelsDocked: docked,
    togglePanelDock: () => panels.toggle('docked'),
    focusPaletteSearch: () => {
      panels.set('palette', true);
      requestAnimationFrame(() => searchRef.current?.focus());
    },
    focusInspector,
    files: files.actions,
  };
  // The wizard and the quick pick are modal: the canvas' shortcuts (Delete, Undo) must not act behind them.
  const run = useCommandRunner(plannerCommands, context, workspace.shortcutsActive && !deploying && !addingNode, 'Planner');
  const selected = editorState.selected;
  const resolution = selected ? (plan.plan?.nodes.find((node) => node.nodeId === selected.id) ?? null) : null;

  // The inspector and the plan: floating over the canvas (the default) or docked beside it.
  const side =
    (selected || planOpen) && editor ? (
      <div
        ref={sideRef}
        className={`planner-side ${docked ? 'planner-side--docked' : 'planner-side--floating'}`}
        data-testid="planner-side"
        data-docked={docked ? 'true' : 'false'}
      >
        <div className="planner-side__bar">
          <button
            type="button"
            className="button button--ghost button--small"
            title={`${docked ? 'Docked beside the canvas: press to float the panels over it' : 'Floating over the canvas: press to dock the panels beside it'} (Shift+K)`}
            aria-pressed={docked}
            onClick={() => run(togglePanelDockCommand)}
            data-testid="side-dock-toggle"
          >
            Dock
          </button>
        </div>
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
            conflicts={
              <ConflictList
                entries={coEditing.conflicts.byNode.get(selected.id) ?? []}
                resolving={coEditing.resolving}
                blocked={editBlocked}
                onKeep={(entry, choice) => void coEditing.resolve(entry, choice)}
              />
            }
            cost={<NodeCostFacts estimate={cost.estimate} nodeId={selected.id} />}
          />
        )}
        {planOpen && (
          <PlanPanel
            plan={plan}
            onClose={() => setPlanOpen(false)}
            onOpenEnvironments={onOpenEnvironments}
            sandboxOffer={sandboxOffer('inline')}
            cost={cost.estimate && <CostTable estimate={cost.estimate} testId="plan-cost" />}
          />
        )}
      </div>
    ) : null;

  return (
    <DocumentWorkspace
      workspace={workspace}
      testId="planner-page"
      noun="topology"
      createMethod="createTopology"
      namePlaceholder="e.g. staging-network"
      list={
        <>
          {panels.layout.topologyList ? (
            <TopologyList
              topologies={topologies}
              openId={open?.id ?? null}
              recentFiles={files.recent}
              onOpen={(id) => onRouteChange(id)}
              onCreate={workspace.startCreating}
              onHide={() => run(toggleTopologyListCommand)}
            />
          ) : (
            <div className="topology-rail" data-testid="topology-rail">
              <button
                type="button"
                className="button button--icon button--ghost"
                title="Show the topologies (Shift+L)"
                aria-label="Show the topologies"
                aria-expanded="false"
                onClick={() => run(toggleTopologyListCommand)}
                data-testid="topology-list-show"
              >
                <Icon name="graph" size={16} />
              </button>
            </div>
          )}
          {files.rejected && <FileIssuesDialog file={files.rejected} onClose={files.dismissRejected} />}
        </>
      }
      empty={{
        icon: 'planner',
        title: 'No topologies yet',
        testId: 'planner-empty',
        text: (
          <>
            <p>
              A topology maps the components you want to run and how they depend on each other. Create one to start planning, or open a YAML
              or JSON topology file.
            </p>
            <button
              type="button"
              className="button button--small"
              onClick={() => void files.actions.openFile().catch((error: unknown) => notifier.error('Could not open the file', error))}
              data-testid="empty-open-file"
            >
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
            onRun={run}
            conflicts={{ total: coEditing.conflicts.total, onNext: coEditing.nextConflict }}
          />
          {editBlocked && (
            <div className="banner banner--warning" role="status" data-testid="planner-read-only">
              <span className="banner__text">
                Read only: {editBlocked}, so changes to this topology cannot be saved. Planning and exporting still work.
              </span>
            </div>
          )}
          {firstRun.offer && sandboxOffer('banner')}
          {session.draftOffer && (
            <DraftBanner
              offer={session.draftOffer}
              onRestore={() => void session.restoreDraft()}
              onDiscard={() => void session.discardDraft()}
            />
          )}
          {session.conflict && (
            <ConflictBanner
              subject="topology"
              keepsDraft
              conflict={session.conflict}
              onDismiss={session.dismissConflict}
              onReload={() => void openTopology(topology.id)}
            />
          )}
          {coEditing.conflicts.elsewhere.length > 0 && (
            <div className="planner-conflicts-elsewhere">
              <ConflictList
                entries={coEditing.conflicts.elsewhere}
                where="on frames or on wires no longer in the topology"
                testId="conflicts-elsewhere"
                resolving={coEditing.resolving}
                blocked={editBlocked}
                onKeep={(entry, choice) => void coEditing.resolve(entry, choice)}
              />
            </div>
          )}
          <div className="planner-body">
            {paletteOpen && (
              <PlannerPalette
                components={components.value}
                catalog={catalog}
                searchRef={searchRef}
                onAdd={(ref) => addComponent(ref)}
                onHide={() => run(togglePaletteCommand)}
              />
            )}
            <div className="planner-stage" ref={stageRef}>
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
                occludedRight={occludedRight}
                onOpenNode={focusInspector}
              />
              {editorState.nodeCount === 0 && !opening && (
                <div className="canvas-hint" data-testid="canvas-hint">
                  This topology is empty. Drag a component from the palette onto the canvas, or click it to add it; then wire an output to
                  an input by dragging between their sockets.
                </div>
              )}
              <div className="canvas-corner" data-testid="canvas-corner">
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
                {plan.environment && editorState.nodeCount > 0 && <TopologyCostTotal cost={cost} testId="planner-cost" />}
              </div>
              <WireNotice notice={wireNotice.notice} onDismiss={wireNotice.dismiss} />
              <LiveChangeNotice notice={coEditing.notice} onDismiss={coEditing.dismissNotice} />
              <PlannerContextMenu editor={editor} context={context} run={run} />
              {!docked && side}
            </div>
            {docked && side}
          </div>
          {addingNode && (
            <AddNodeQuickPick
              components={components.value}
              catalog={catalog}
              onPick={(ref) => addComponent(ref)}
              onClose={() => setAddingNode(false)}
            />
          )}
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
