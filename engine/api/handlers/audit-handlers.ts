import type { StorePort } from '../../store/ports/store-port.js';
import type { Handlers } from '../dispatcher.js';

/** API methods of the audit log. */
export function auditHandlers(store: StorePort): Pick<Handlers, 'listAuditEntries'> {
  return {
    listAuditEntries: async (filter) => {
      const rows = await store.audit.list(filter);
      return rows.map(({ traceId: _trace, ...entry }) => entry);
    },
  };
}
