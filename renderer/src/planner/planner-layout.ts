import { useCallback, useState } from 'react';

/** Which panels around the canvas show, and whether the inspector and plan are docked or float. */
export interface PlannerLayout {
  topologyList: boolean;
  palette: boolean;
  docked: boolean;
}

const STORAGE_KEY = 'nimbus.planner.layout';
/** The canvas comes first: lists and palette show, the inspector and plan float over the canvas. */
export const DEFAULT_LAYOUT: PlannerLayout = { topologyList: true, palette: true, docked: false };

/** The layout remembered from last time; anything unreadable falls back to the default. */
export function readPlannerLayout(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): PlannerLayout {
  try {
    const value: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return DEFAULT_LAYOUT;
    const flag = (key: keyof PlannerLayout): boolean => {
      const entry: unknown = Reflect.get(value, key);
      return typeof entry === 'boolean' ? entry : DEFAULT_LAYOUT[key];
    };
    return { topologyList: flag('topologyList'), palette: flag('palette'), docked: flag('docked') };
  } catch {
    return DEFAULT_LAYOUT;
  }
}

function writePlannerLayout(layout: PlannerLayout): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(layout));
  } catch {
    // Storage denied: the layout lasts for this window only.
  }
}

/** The planner's layout, remembered across reloads; `toggle` flips one panel. */
export function usePlannerLayout(): {
  layout: PlannerLayout;
  toggle(key: keyof PlannerLayout): void;
  set(key: keyof PlannerLayout, value: boolean): void;
} {
  const [layout, setLayout] = useState(readPlannerLayout);
  const set = useCallback((key: keyof PlannerLayout, value: boolean) => {
    setLayout((current) => {
      if (current[key] === value) return current;
      const next = { ...current, [key]: value };
      writePlannerLayout(next);
      return next;
    });
  }, []);
  const toggle = useCallback((key: keyof PlannerLayout) => {
    setLayout((current) => {
      const next = { ...current, [key]: !current[key] };
      writePlannerLayout(next);
      return next;
    });
  }, []);
  return { layout, toggle, set };
}
