import type { Command, PlannerCommandContext } from './planner-command-context';

/** Opens a YAML/JSON topology file (checked first, then imported as a new topology); also "Import". */
export const openTopologyFileCommand: Command<PlannerCommandContext> = {
  id: 'open-file',
  title: 'Open file… (import YAML/JSON)',
  icon: 'file',
  keys: ['Mod+O'],
  whileTyping: true,
  methods: ['importTopologyFile'],
  isEnabled: () => true,
  perform: (context) => context.files.openFile(),
};
