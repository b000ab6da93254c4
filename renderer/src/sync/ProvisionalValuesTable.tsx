import type { ProvisionalValue } from '../../../engine/api/contract';
import { Tag } from '../ui/Tag';
import { LOG_TIME } from '../ui/time-format';

const time = (iso: string) => LOG_TIME.format(new Date(iso));

/**
 * Addresses and names drawn offline from this desktop's leases: those waiting for the server, and
 * those it refused, with why and what the node drew instead.
 */
export function ProvisionalValuesTable({ values }: { values: readonly ProvisionalValue[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="provisional-table">
        <caption className="visually-hidden">Values drawn offline from this desktop’s leases, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Input</th>
            <th scope="col">Value</th>
            <th scope="col">State</th>
            <th scope="col">Why / now</th>
          </tr>
        </thead>
        <tbody>
          {values.map((value) => {
            const refused = value.status === 'refused';
            return (
              <tr key={value.id} data-testid="provisional-value" data-status={value.status}>
                <td>
                  {value.label} <span className="muted">in {value.environment}</span>
                </td>
                <td className="mono">{value.field}</td>
                <td className="mono">{value.value}</td>
                <td>
                  <Tag
                    tone={refused ? 'danger' : 'warning'}
                    title={
                      refused
                        ? `Refused by the server on ${value.settledAt ? time(value.settledAt) : 'sync'}`
                        : `Drawn ${time(value.drawnAt)}`
                    }
                  >
                    {refused ? 'refused' : 'provisional'}
                  </Tag>
                </td>
                <td data-testid="provisional-value-why">
                  {refused ? (
                    <>
                      {value.reason ?? 'The server refused it'}
                      {' — '}
                      {value.replacedBy ? (
                        <>
                          now <span className="mono">{value.replacedBy}</span>
                        </>
                      ) : (
                        'resolved again on the next plan'
                      )}
                    </>
                  ) : (
                    <span className="muted">confirmed with the server on sync (lease until {time(value.expiresAt)})</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
