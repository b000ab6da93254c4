import { useCallback, useState } from 'react';
import type { MethodOutput } from '../../../../engine/api/contract';
import { useApi } from '../../api/ApiProvider';
import { useNotifier } from '../../toasts/ToastProvider';

export type LocalSandbox = MethodOutput<'createLocalSandbox'>;

/**
 * The one-click first-run set-up: asks the engine for the local sandbox (it creates what is missing,
 * or finds it again), says what it made, and hands the result on. Failures become a toast naming why.
 */
export function useLocalSandbox(onReady: (sandbox: LocalSandbox) => void | Promise<void>) {
  const api = useApi();
  const notifier = useNotifier();
  const [creating, setCreating] = useState(false);
  const create = useCallback(async () => {
    setCreating(true);
    try {
      const sandbox = await api.createLocalSandbox({});
      const { environment, landingZone, pool, created } = sandbox;
      const made = created.environment || created.landingZone || created.pool;
      notifier.success(
        made ? `Local sandbox ready: ${environment.name}` : `Using the local sandbox ${environment.name}`,
        `Landing zone ${landingZone.name} (local), IPAM pool ${pool.name} (${pool.cidr}).`,
      );
      await onReady(sandbox);
    } catch (error) {
      notifier.error('Could not set up the local sandbox', error);
    } finally {
      setCreating(false);
    }
  }, [api, notifier, onReady]);
  return { creating, create };
}
