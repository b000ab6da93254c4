import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/ApiProvider';
import type { Command } from '../commands/command';
import { DEFAULT_COMPONENT, plannerCommands, type PlannerCommandContext } from '../commands/planner';
import { runCommand } from '../commands/run-command';
import { useCommandShortcuts } from '../commands/use-command-shortcuts';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ConflictBanner } from '../ui/ConflictBanner';
import { EmptyState } from '../ui/EmptyState';
import { PromptDialog } from '../ui/PromptDialog';
import { useUnsavedChangesGuard } from '../ui/use-unsaved-changes-guard';
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
  const { topologies, open, dirty, opening, openTopology, refreshList } = session;
  const [componentName, setComponentName] = useState(DEFAULT_COMPONENT);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void refreshList();
  }, [refreshList]);

  useUnsavedChangesGuard(dirty);

  // Keep the address and the open topology in step: the address wins, else the last one used, else the newest.
  useEffect(() => {
    if (!active || topologies === null || opening) return;
    const known = (id: string | null | undefined): id is string => Boolean(id && topologies.some((entry) => entry.id === id));
    const wanted = known(routeId) ? routeId : known(open?.id) ? open.id : known(lastTopology.get()) ? lastTopology.get() : topologies[0]?.id;
    if (!wanted) return;
    if (wanted !== routeId) {
      onRouteChange(wanted, { replace: true });
      return;
    }
    // With unsaved changes, the confirmation below decides (it is derived from the same state).
    if (open?.id === wanted || (dirty && open)) return;
    lastTopology.set(wanted);
    void openTopology(wanted);
  }, [active, topologies, routeId, open, dirty, opening, openTopology, onRouteChange]);

  // The address names another document while this one has unsaved changes: ask before switching.
  const switchTarget = active && dirty && open && !opening && routeId && routeId !== open.id && topologies?.some((entry) => entry.id === routeId) ? routeId : null;

  const context: PlannerCommandContext = {
    editor: session.editor,
    editorState: session.editorState,
    componentName,
    dirty,
    saving: session.saving,
    save: session.save,
  };

  const onCommandError = useCallback((command: Command<PlannerCommandContext>, error: unknown) => notifier.error(`${command.title} failed`, error), [notifier]);
  const run = (command: Command<PlannerCommandContext>) => void runCommand(command, context, onCommandError);
  useCommandShortcuts(plannerCommands, context, { active: active && open !== null && !creating && switchTarget === null, onError: onCommandError });

  const create = async (name: string) => {
    setCreating(false);
    const topology = await session.createTopology(name);
    if (topology) onRouteChange(topology.id);
  };

  return (
    <div className="page page--split" hidden={!active} data-testid="planner-page">
      <TopologyList topologies={topologies} openId={open?.id ?? null} onOpen={(id) => onRouteChange(id)} onCreate={() => setCreating(true)} />
      <section className="page__main">
        {open ? (
          <>
            <PlannerToolbar name={open.name} revision={open.revision} context={context} onComponentNameChange={setComponentName} onRun={run} />
            {session.conflict && (
              <ConflictBanner subject="topology" conflict={session.conflict} onDismiss={session.dismissConflict} onReload={() => void openTopology(open.id)} />
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
        ) : topologies?.length === 0 ? (
          <EmptyState
            icon="planner"
            title="No topologies yet"
            testId="planner-empty"
            action={
              <button type="button" className="button button--primary" onClick={() => setCreating(true)} data-testid="empty-new-topology">
                New topology
              </button>
            }
          >
            A topology maps the components you want to run and how they depend on each other. Create one to start planning.
          </EmptyState>
        ) : (
          <div className="page__loading">Loading…</div>
        )}
      </section>
      {creating && (
        <PromptDialog
          title="New topology"
          label="Name"
          placeholder="e.g. staging-network"
          confirmLabel="Create"
          onCancel={() => setCreating(false)}
          onConfirm={(name) => void create(name)}
        />
      )}
      {switchTarget !== null && open && (
        <ConfirmDialog
          title="Discard unsaved changes?"
          message={`"${open.name}" has changes that are not saved. Opening another topology discards them.`}
          confirmLabel="Discard and open"
          danger
          onCancel={() => onRouteChange(open.id, { replace: true })}
          onConfirm={() => {
            lastTopology.set(switchTarget);
            void openTopology(switchTarget);
          }}
        />
      )}
    </div>
  );
}
