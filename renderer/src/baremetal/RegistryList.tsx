import type { MethodOutput } from '../../../engine/api/contract';
import { LOG_TIME } from '../ui/time-format';

type Registry = MethodOutput<'getBareMetalOverview'>['registries'][number];

/** Each registry with its source, last sync and the problems of that sync (file:line: what). */
export function RegistryList({ registries }: { registries: readonly Registry[] }) {
  return (
    <table className="data-table" data-testid="baremetal-registries">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Source</th>
          <th scope="col">Last sync</th>
        </tr>
      </thead>
      <tbody>
        {registries.map((registry) => {
          const sync = registry.lastSync;
          return (
            <tr key={registry.id} data-testid={`registry-${registry.name}`} data-status={sync?.status ?? 'never'}>
              <td>{registry.name}</td>
              <td className="mono">{registry.source}</td>
              <td>
                {!sync ? (
                  <span className="muted">Never synced</span>
                ) : sync.status === 'ok' ? (
                  <span>
                    Synced {sync.machines} machine{sync.machines === 1 ? '' : 's'} at {LOG_TIME.format(new Date(sync.at))}
                    {sync.commit ? <span className="muted mono"> ({sync.commit.slice(0, 10)})</span> : null}
                  </span>
                ) : (
                  <div role="alert">
                    <strong>Sync failed</strong>; keeping the last good {sync.machines} machine{sync.machines === 1 ? '' : 's'}.
                    <ul className="baremetal-problems" data-testid={`registry-problems-${registry.name}`}>
                      {sync.problems.map((problem, index) => (
                        <li key={index} className="mono">
                          {problem.file || registry.source}
                          {problem.line > 0 ? `:${problem.line}` : ''}: {problem.message}
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
