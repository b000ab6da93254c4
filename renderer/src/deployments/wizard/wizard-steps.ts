/** The deploy wizard's steps, in order; the indicator and the footer's buttons follow this list. */
export const WIZARD_STEPS = [
  { id: 'environment', label: 'Environment' },
  { id: 'parameters', label: 'Parameters' },
  { id: 'preview', label: 'Preview' },
  { id: 'confirm', label: 'Confirm' },
  { id: 'progress', label: 'Deploy' },
  { id: 'result', label: 'Result' },
] as const;

export type WizardStep = (typeof WIZARD_STEPS)[number]['id'];

export const stepIndex = (step: WizardStep): number => WIZARD_STEPS.findIndex((entry) => entry.id === step);

/** Whether an indicator entry is behind, at or ahead of the current step. */
export function stepState(entry: WizardStep, current: WizardStep): 'done' | 'current' | 'upcoming' {
  const difference = stepIndex(entry) - stepIndex(current);
  return difference < 0 ? 'done' : difference === 0 ? 'current' : 'upcoming';
}
