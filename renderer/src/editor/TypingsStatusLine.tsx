import { Icon } from '../ui/Icon';
import type { TypingsStatus } from './monaco/editor-typings';

/** What the editor knows of the SDKs: completions and type checks are only as good as these. */
export function TypingsStatusLine({ status, provider, semanticType }: { status: TypingsStatus; provider: string; semanticType: string }) {
  return (
    <div className={`typings-status typings-status--${status.state}`} role="status" data-testid="typings-status" data-state={status.state}>
      <span className="typings-status__kind mono" title="Provider and semantic type">
        {provider} · {semanticType}
      </span>
      {status.state === 'loading' && <span>Loading the SDK types for {provider}…</span>}
      {status.state === 'ready' && (
        <span>
          <Icon name="check" size={12} /> IntelliSense: {status.packages.length > 0 ? status.packages.join(', ') : 'the Pulumi SDK'} ·{' '}
          <span className="mono">args</span> typed from the contract
        </span>
      )}
      {status.state === 'unavailable' && (
        <span>
          <Icon name="alert" size={12} /> {status.message}
        </span>
      )}
    </div>
  );
}
