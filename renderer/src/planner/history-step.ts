import type { HistoryPlugin } from 'rete-history-plugin';
import type { PlannerSchemes } from './schemes';

/**
 * Marks the records added since `from` (a `getHistorySnapshot().length`) as made just now. The history
 * plugin undoes records together only while they are less than its timing apart, so a long gesture (a
 * frame dragged for seconds with its nodes) must be restamped to come back as the single step it was.
 */
export function restampSince(plugin: HistoryPlugin<PlannerSchemes>, from: number): void {
  const now = Date.now();
  for (const record of plugin.getHistorySnapshot().slice(from)) record.time = now;
}
