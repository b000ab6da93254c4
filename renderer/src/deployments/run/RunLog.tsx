import { useFollowScroll } from '../../ui/use-follow-scroll';
import type { RunLogLine } from './node-runs';
import { CLOCK_TIME } from '../../ui/time-format';

/** A streaming log that follows its newest line while the reader is at the end. */
export function RunLog({ lines, label, testId }: { lines: readonly RunLogLine[]; label: string; testId: string }) {
  const ref = useFollowScroll<HTMLOListElement>(lines.length);
  return (
    // A log region so screen readers announce new lines politely; the list inside stays a list, and is
    // focusable so keyboard users can scroll it.
    <div role="log" aria-label={label}>
      <ol ref={ref} className="event-log run-log" aria-label={label} tabIndex={0} data-testid={testId}>
        {lines.length === 0 && <li className="event-log__entry run-log__empty">Nothing logged yet.</li>}
        {lines.map((line) => (
          <li key={line.seq} className={`event-log__entry event-log__entry--${line.tone}`}>
            <time className="event-log__time" dateTime={line.at}>
              {CLOCK_TIME.format(new Date(line.at))}
            </time>
            <span className="event-log__text">{line.text}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
