/** Why the planner refused an edit, as a stable code the UI can switch on. */
export type PlannerErrorCode = 'unknown_component' | 'read_only';

/**
 * A planner edit that was refused, with a message a person can act on. Shaped like the API's errors
 * (`code`, `message`, `details`), so toasts and `toApiError` show it the same way.
 */
export class PlannerError extends Error {
  override name = 'PlannerError';

  constructor(
    readonly code: PlannerErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Refuses components that are not in the catalog: a node can only be made from a published version. */
export function unknownComponentError(refs: readonly string[]): PlannerError {
  const listed = refs.map((ref) => `“${ref}”`).join(', ');
  const message =
    refs.length === 1
      ? `${listed} is not in the catalog: only published components and stacks can be placed. Pick one from the palette or Add node.`
      : `${listed} are not in the catalog: only published components and stacks can be placed. Nothing was added.`;
  return new PlannerError('unknown_component', message, { components: [...refs] });
}

/** Refuses an edit of a canvas shown read-only (the signed-in user may not change the topology). */
export function readOnlyError(reason: string): PlannerError {
  return new PlannerError('read_only', `This topology is read only here (${reason}): nothing was changed.`, { reason });
}
