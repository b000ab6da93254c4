import type { Command, PlannerCommandContext } from './planner-command-context';

/**
 * Opens the deploy wizard for the open topology. Mod+Shift+D: D for deploy, with Shift so it never
 * collides with a browser's plain Ctrl+D (bookmark). The wizard itself asks for a save when the canvas
 * has unsaved changes, so the command stays enabled then and says why inside.
 */
export const deployTopologyCommand: Command<PlannerCommandContext> = {
  id: 'deploy',
  title: 'Deploy topology…',
  icon: 'rocket',
  keys: ['Mod+Shift+D'],
  methods: ['startDeployment', 'previewDeployment'],
  isEnabled: (context) => context.editor !== null && context.canDeploy,
  perform: (context) => context.openDeploy(),
};
