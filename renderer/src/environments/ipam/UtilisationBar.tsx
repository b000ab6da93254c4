import { formatUtilisation } from './format-count';

/** How full a pool is: a bar that turns amber from 70 % and red from 90 %, with the percentage beside it. */
export function UtilisationBar({ fraction, label }: { fraction: number; label: string }) {
  const clamped = Math.min(1, Math.max(0, fraction));
  const tone = clamped >= 0.9 ? 'danger' : clamped >= 0.7 ? 'warning' : 'ok';
  const text = formatUtilisation(clamped);
  return (
    <span className="meter-field">
      <span
        className={`meter meter--${tone}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(clamped * 1000) / 10}
        aria-valuetext={text}
        data-testid="pool-utilisation"
        data-value={clamped}
      >
        {/* Any use at all shows a sliver, so a pool with one address taken never looks untouched. */}
        <span className="meter__fill" style={{ width: clamped > 0 ? `max(3px, ${clamped * 100}%)` : 0 }} />
      </span>
      <span className="meter-field__text">{text}</span>
    </span>
  );
}
