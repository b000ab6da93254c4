export interface ProgressBarProps {
  /** 0–1; null shows a bar that moves without claiming how far along it is. */
  fraction: number | null;
  /** Accessible name, e.g. "Deployment progress". */
  label: string;
  /** Read out and shown beside the bar, e.g. "2 of 3 components". */
  text?: string;
  tone?: 'accent' | 'success' | 'danger' | 'warning';
  testId?: string;
}

/** How far a long job has come: a progressbar with its value in words beside it. */
export function ProgressBar({ fraction, label, text, tone = 'accent', testId }: ProgressBarProps) {
  const clamped = fraction === null ? null : Math.min(1, Math.max(0, fraction));
  const percent = clamped === null ? null : Math.round(clamped * 100);
  return (
    <div className={`progress progress--${tone}`}>
      <div
        className={`progress__track${clamped === null ? ' progress__track--indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={text ?? (percent === null ? undefined : `${percent} %`)}
        data-testid={testId}
        data-value={clamped ?? ''}
      >
        <span className="progress__fill" style={clamped === null ? undefined : { width: `${clamped * 100}%` }} />
      </div>
      {text && <span className="progress__text">{text}</span>}
    </div>
  );
}
