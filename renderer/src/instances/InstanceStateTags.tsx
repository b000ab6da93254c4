import { Tag } from '../ui/Tag';
import type { StackInstance } from './instance-entities';
import { INSTANCE_STATUS_TONE, stateTone } from './instance-tones';
import { CLOCK_TIME } from '../ui/time-format';

/** An instance's machine state and runtime status as tags, the same on the list and its page. */
export function InstanceStateTags({ instance }: { instance: StackInstance }) {
  return (
    <>
      <Tag tone={stateTone(instance.state)} testId="instance-state" data={{ 'data-state': instance.state }}>
        {instance.state}
      </Tag>
      <Tag tone={INSTANCE_STATUS_TONE[instance.status]} testId="instance-status" data={{ 'data-status': instance.status }}>
        {instance.status}
      </Tag>
    </>
  );
}

/** What the instance is doing: "deploy since 10:42:01", or nothing. */
export function ActivityText({ activity }: { activity: StackInstance['activity'] }) {
  if (!activity) return <span className="muted">—</span>;
  return (
    <span data-testid="instance-activity" data-workflow={activity.workflow}>
      <span className="mono">{activity.workflow}</span>{' '}
      <span className="muted">since {CLOCK_TIME.format(new Date(activity.startedAt))}</span>
    </span>
  );
}
