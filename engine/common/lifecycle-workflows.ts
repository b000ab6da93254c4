/**
 * The workflows every stack has, whatever its state machine: a transition may run one of these or one
 * of the stack's day-2 operations, and no operation may take one of these names. The engine's checks
 * and the stack editor's workflow lists read them from here.
 */
export const LIFECYCLE_WORKFLOWS = ['deploy', 'destroy', 'upgrade'] as const;

/** One of the lifecycle workflows. */
export type LifecycleWorkflow = (typeof LIFECYCLE_WORKFLOWS)[number];

/** Whether a workflow or operation name is one of the lifecycle workflows. */
export function isLifecycleWorkflow(name: string): name is LifecycleWorkflow {
  return (LIFECYCLE_WORKFLOWS as readonly string[]).includes(name);
}
