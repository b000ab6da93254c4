import { useEffect, useRef } from 'react';
import type { JobEvent } from '../../../engine/api/contract';
import { describeJobEvent } from './job-events';
import { CLOCK_TIME } from '../ui/time-format';

export function JobEventLog({ events }: { events: readonly JobEvent[] }) {
  const endRef = useRef<HTMLLIElement>(null);
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'nearest' });
  }, [events.length]);
  return (
    <ol className="event-log" data-testid="job-events">
      {events.map((event) => {
        const { text, tone } = describeJobEvent(event);
        return (
          <li key={event.seq} className={`event-log__entry event-log__entry--${tone}`} data-type={event.type}>
            <time className="event-log__time" dateTime={event.at}>
              {CLOCK_TIME.format(new Date(event.at))}
            </time>
            <span className="event-log__text">{text}</span>
          </li>
        );
      })}
      <li ref={endRef} aria-hidden="true" className="event-log__end" />
    </ol>
  );
}
