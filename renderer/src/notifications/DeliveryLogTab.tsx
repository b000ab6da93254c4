import { useCallback, useState } from 'react';
import type { MethodInput } from '../../../engine/api/contract';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { Loading } from './DeadLettersTab';
import { DeliveryTable } from './DeliveryTable';
import { LoadProblem } from './LoadProblem';

type Status = NonNullable<MethodInput<'listNotifications'>['status']>;
type Kind = NonNullable<MethodInput<'listNotifications'>['channelKind']>;

const STATUSES: readonly Status[] = ['pending', 'processing', 'sent', 'dead', 'discarded'];
const KINDS: readonly Kind[] = ['email', 'webhook', 'in-app'];

/** Every notification of the tenant and its delivery, newest first, filtered by status and channel kind. */
export function DeliveryLogTab({ channelNames, refreshKey }: { channelNames: ReadonlyMap<string, string>; refreshKey: unknown }) {
  const api = useApi();
  const [status, setStatus] = useState<Status | ''>('');
  const [kind, setKind] = useState<Kind | ''>('');
  const load = useCallback(
    () => api.listNotifications({ limit: 200, ...(status ? { status } : {}), ...(kind ? { channelKind: kind } : {}) }),
    [api, status, kind],
  );
  const log = useApiResource(load, null, refreshKey);

  return (
    <>
      <div className="notify-toolbar">
        <label className="notify-toolbar__filter">
          Status
          <select
            className="input select"
            value={status}
            onChange={(event) => setStatus(event.target.value as Status | '')}
            data-testid="log-status"
          >
            <option value="">Any</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label className="notify-toolbar__filter">
          Channel kind
          <select
            className="input select"
            value={kind}
            onChange={(event) => setKind(event.target.value as Kind | '')}
            data-testid="log-kind"
          >
            <option value="">Any</option>
            {KINDS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <span className="notify-toolbar__spacer" />
        <button type="button" className="button button--small" onClick={log.reload} disabled={log.loading} data-testid="log-refresh">
          <Icon name="refresh" size={14} />
          Refresh
        </button>
      </div>
      {log.value === null ? (
        log.error ? (
          <LoadProblem error={log.error} what="the delivery log" onRetry={log.reload} />
        ) : (
          <Loading />
        )
      ) : log.value.length === 0 ? (
        <EmptyState icon="bell" title={status || kind ? 'No notification matches the filters' : 'No notifications yet'} testId="log-empty">
          {status || kind
            ? 'Choose "Any" to see every notification.'
            : 'Notifications appear here once something happens that someone subscribed to: add a channel and a subscription, then send a test notification.'}
        </EmptyState>
      ) : (
        <DeliveryTable caption="Delivery log, newest first" rows={log.value} channelNames={channelNames} testId="delivery-log" />
      )}
    </>
  );
}
