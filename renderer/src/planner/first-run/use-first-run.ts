import { useCallback, useMemo, useState } from 'react';
import type { PlannerEditorState } from '../create-planner-editor';
import type { PlannerPlan } from '../overlay/use-planner-plan';
import { checklistItems, checklistStorage } from './first-run-checklist';
import { useLocalSandbox, type LocalSandbox } from '../../environments/sandbox/use-local-sandbox';

/** The topology a first run starts with when there is none yet. */
const FIRST_TOPOLOGY_NAME = 'first-topology';

export interface FirstRunOptions {
  plan: PlannerPlan;
  editorState: PlannerEditorState;
  planOpen: boolean;
  /** A topology is open on the canvas. */
  hasTopology: boolean;
  createTopology(name: string): Promise<void>;
}

/**
 * The planner's first run: with no environment it offers the local sandbox; once that is set up (and a
 * topology to put it in, when there was none), a checklist follows the user to a first deploy.
 */
export function useFirstRun({ plan, editorState, planOpen, hasTopology, createTopology }: FirstRunOptions) {
  const [checklistOpen, setChecklistOpen] = useState(checklistStorage.isOpen);
  const [planSeen, setPlanSeen] = useState(false);
  const { chooseEnvironment, refresh } = plan;

  const onReady = useCallback(
    async (sandbox: LocalSandbox) => {
      chooseEnvironment(sandbox.environment.name);
      refresh();
      checklistStorage.set(true);
      setChecklistOpen(true);
      if (!hasTopology) await createTopology(FIRST_TOPOLOGY_NAME);
    },
    [chooseEnvironment, refresh, hasTopology, createTopology],
  );
  const sandbox = useLocalSandbox(onReady);

  const planValid = plan.plan?.valid === true;
  // Sticky: once the plan panel has shown a valid plan, the step stays ticked (set while rendering,
  // React's pattern for state derived from a change).
  if (!planSeen && planOpen && planValid && editorState.nodeCount > 0) setPlanSeen(true);

  const deployed = plan.runtime?.deployments.some((deployment) => deployment.status === 'deployed') ?? false;
  const items = useMemo(
    () => checklistItems({ nodeCount: editorState.nodeCount, connectionCount: editorState.connectionCount, planValid, planSeen, deployed }),
    [editorState.nodeCount, editorState.connectionCount, planValid, planSeen, deployed],
  );

  return {
    /** No environment exists: offer the sandbox. */
    offer: plan.environments !== null && plan.environments.length === 0,
    sandbox,
    checklist: checklistOpen && hasTopology ? items : null,
    closeChecklist: () => {
      checklistStorage.set(false);
      setChecklistOpen(false);
    },
  };
}
