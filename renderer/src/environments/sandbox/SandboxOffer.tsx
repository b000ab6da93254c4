import { Icon } from '../../ui/Icon';
import './sandbox.css';
import { blockedProps } from '../../permissions/blocked-props';
import { useBlockedReason } from '../../permissions/PermissionProvider';

export interface SandboxOfferProps {
  creating: boolean;
  onCreate(): void;
  /** The other way: the Environments page, for a landing zone of a real provider. */
  onOpenEnvironments?(): void;
  /** `banner` above the canvas; `inline` inside an empty state. */
  variant?: 'banner' | 'inline';
  testId?: string;
}

/**
 * The first-run offer where no environment exists yet: one click sets up a local sandbox (an IPAM
 * pool, a local landing zone and an environment) so planning and deploying work at once, on this
 * machine, without a cloud account or reading the manual first.
 */
export function SandboxOffer({ creating, onCreate, onOpenEnvironments, variant = 'banner', testId = 'sandbox-offer' }: SandboxOfferProps) {
  const sandboxBlocked = useBlockedReason('createLocalSandbox');
  const button = (
    <button
      type="button"
      className={variant === 'banner' ? 'button button--small button--primary' : 'button button--primary'}
      onClick={onCreate}
      aria-busy={creating}
      data-testid="sandbox-create"
      {...blockedProps(sandboxBlocked, { disabled: creating })}
    >
      <Icon name="environments" size={14} />
      {creating ? 'Setting up…' : 'Set up a local sandbox'}
    </button>
  );
  if (variant === 'inline') {
    return (
      <div className="sandbox-offer sandbox-offer--inline" data-testid={testId}>
        <p>
          New here? A <strong>local sandbox</strong> deploys to real objects on this machine (folders, small processes, disk files) — no
          cloud account needed.
        </p>
        {button}
      </div>
    );
  }
  return (
    <div className="banner sandbox-offer" role="region" aria-label="First run" data-testid={testId}>
      <div className="banner__text">
        <strong>No environment yet.</strong> Set up a <strong>local sandbox</strong> to plan and deploy on this machine right away: one
        click creates an IPAM pool on a free private range, a local landing zone and the environment <span className="mono">sandbox</span>.
      </div>
      <div className="banner__actions">
        {onOpenEnvironments && (
          <button type="button" className="button button--small" onClick={onOpenEnvironments} data-testid="sandbox-open-environments">
            Go to Environments
          </button>
        )}
        {button}
      </div>
    </div>
  );
}
