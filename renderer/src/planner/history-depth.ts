import type { HistoryPlugin } from 'rete-history-plugin';
import type { PlannerSchemes } from './schemes';

/**
 * How many records the history can undo and redo. The plugin exposes the undo list but keeps the redo
 * list internal; the shape is read defensively so a plugin update degrades to "enabled" rather than
 * breaking the toolbar.
 */
export function historyDepth(plugin: HistoryPlugin<PlannerSchemes>): { undo: number; redo: number } {
  const undo = plugin.getHistorySnapshot().length;
  const internal: unknown = Reflect.get(plugin, 'history');
  const reserved: unknown = typeof internal === 'object' && internal !== null ? Reflect.get(internal, 'reserved') : undefined;
  return { undo, redo: Array.isArray(reserved) ? reserved.length : 1 };
}
