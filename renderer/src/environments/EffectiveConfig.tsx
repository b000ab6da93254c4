import type { Environment } from '../api/entities';
import { formatValue } from '../ui/format-value';
import { Tag } from '../ui/Tag';
import { configLabel, configValue, describeConfigSource } from './config-sources';

/** The resolver settings an environment plans with, each tagged with the layer that supplied it. */
export function EffectiveConfig({ effective }: { effective: Environment['effective'] }) {
  const keys = Object.keys(effective.sources);
  return (
    <table className="config-table" data-testid="effective-config">
      <caption className="visually-hidden">Effective resolver settings</caption>
      <tbody>
        {keys.map((key) => {
          const value = configValue(effective.config, key);
          const source = describeConfigSource(effective.sources[key] ?? 'default');
          return (
            <tr key={key} data-testid="config-row" data-key={key}>
              <th scope="row" title={key}>
                {configLabel(key)}
              </th>
              <td className="mono config-table__value">
                {value === undefined ? <span className="muted">not set</span> : formatValue(value)}
              </td>
              <td className="config-table__source">
                <Tag
                  tone={source.tone}
                  title={source.description}
                  testId="config-source"
                  data={{ 'data-source': effective.sources[key] ?? 'default' }}
                >
                  {source.label}
                </Tag>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
