import { GRID_STEP } from '../../planner/grid';
import type { Command, PlannerCommandContext } from './planner-command-context';

const DIRECTIONS = [
  { key: 'ArrowLeft', name: 'left', dx: -1, dy: 0 },
  { key: 'ArrowRight', name: 'right', dx: 1, dy: 0 },
  { key: 'ArrowUp', name: 'up', dx: 0, dy: -1 },
  { key: 'ArrowDown', name: 'down', dx: 0, dy: 1 },
] as const;

/**
 * Moves the selected nodes one grid step, one undo step per press. Shift+Arrow rather than a bare arrow:
 * the arrows keep scrolling the palette, the inspector and the plan.
 */
export const nudgeSelectionCommands: readonly Command<PlannerCommandContext>[] = DIRECTIONS.map(({ key, name, dx, dy }) => ({
  id: `nudge-selection-${name}`,
  title: `Move selection ${name}`,
  keys: [`Shift+${key}`],
  methods: ['saveTopologyDraft'],
  isEnabled: (context: PlannerCommandContext) => context.editor !== null && context.editorState.selectedCount > 0,
  async perform(context: PlannerCommandContext) {
    await context.editor?.nudgeSelected(dx * GRID_STEP, dy * GRID_STEP);
  },
}));
