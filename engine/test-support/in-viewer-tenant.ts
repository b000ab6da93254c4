import { runInRequest } from '../context/request-context.js';

/**
 * `service` with every method that takes a viewer (`{ tenant, actor }`) first run as a call of that
 * viewer's tenant, the way the dispatcher runs it: the store limits reads and writes to the tenant of
 * the call, so a test that speaks for several tenants through viewers needs each call in its tenant.
 */
export function inViewerTenant<T extends object>(service: T): T {
  return new Proxy(service, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const viewer = args[0] as { tenant?: unknown; actor?: unknown } | null | undefined;
        const call = () => (value as (...a: unknown[]) => unknown).apply(target, args);
        if (viewer && typeof viewer === 'object' && typeof viewer.tenant === 'string' && typeof viewer.actor === 'string') {
          return runInRequest({ requestId: 'test', actor: viewer.actor, tenant: viewer.tenant, clientAddress: null }, call);
        }
        return call();
      };
    },
  });
}
