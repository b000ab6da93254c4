import { Icon } from '../../ui/Icon';
import { stepIndex, stepState, WIZARD_STEPS, type WizardStep } from './wizard-steps';

/** Where the wizard is: every step, the current one marked for screen readers with aria-current. */
export function WizardSteps({ current }: { current: WizardStep }) {
  return (
    <ol className="wizard-steps" aria-label="Deployment steps">
      {WIZARD_STEPS.map((entry) => {
        const state = stepState(entry.id, current);
        return (
          <li
            key={entry.id}
            className={`wizard-steps__step wizard-steps__step--${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
            data-testid="wizard-step"
            data-step={entry.id}
            data-state={state}
          >
            <span className="wizard-steps__number" aria-hidden="true">
              {state === 'done' ? <Icon name="check" size={12} /> : stepIndex(entry.id) + 1}
            </span>
            <span className="wizard-steps__label">{entry.label}</span>
          </li>
        );
      })}
    </ol>
  );
}
