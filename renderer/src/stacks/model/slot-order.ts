import type { StackSlot } from '../../../../engine/api/schemas/stacks';

/** Slot names an expression reads outputs of (`slots.<slot>.<output>`), outside string literals. */
export function slotsReadBy(expression: string): string[] {
  const withoutStrings = expression.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  const found = new Set<string>();
  for (const match of withoutStrings.matchAll(/(?<![\w.])slots\.([a-z][a-z0-9_-]*)/g)) if (match[1]) found.add(match[1]);
  return [...found];
}

/** The slots a slot must wait for: those its inputs read and those it depends on explicitly. */
export function upstreamOf(slot: StackSlot, known: ReadonlySet<string>): string[] {
  const names = new Set<string>([...Object.values(slot.inputs).flatMap(slotsReadBy), ...(slot.dependsOn ?? [])]);
  names.delete(slot.name);
  return [...names].filter((name) => known.has(name));
}

/** Slots in deploy waves (each wave needs only earlier ones); slots caught in a cycle are listed apart. */
export interface SlotPlan {
  waves: string[][];
  cycle: string[];
}

/** The plan order the engine uses: a dependency sort into parallel waves (ties in document order). */
export function planSlots(slots: readonly StackSlot[]): SlotPlan {
  const known = new Set(slots.map((slot) => slot.name));
  const upstream = new Map(slots.map((slot) => [slot.name, new Set(upstreamOf(slot, known))]));
  const placed = new Set<string>();
  const waves: string[][] = [];
  for (;;) {
    const wave = slots
      .map((slot) => slot.name)
      .filter(
        (name, index, all) =>
          all.indexOf(name) === index && !placed.has(name) && [...(upstream.get(name) ?? [])].every((up) => placed.has(up)),
      );
    if (wave.length === 0) break;
    wave.forEach((name) => placed.add(name));
    waves.push(wave);
  }
  return { waves, cycle: slots.map((slot) => slot.name).filter((name) => !placed.has(name)) };
}

/** Wave number (1-based) of each slot; 0 for slots in a cycle. */
export function waveOfSlot(plan: SlotPlan): Map<string, number> {
  const waves = new Map<string, number>();
  plan.waves.forEach((wave, index) => wave.forEach((name) => waves.set(name, index + 1)));
  plan.cycle.forEach((name) => waves.set(name, 0));
  return waves;
}
