import { useCallback } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { useIdentity, usePermissionStore } from '../permissions/PermissionProvider';

/**
 * Names people by the user id requests and decisions carry: "you" for the signed-in user, the user's
 * name when the user list may be read (user:manage), else the id as it is.
 */
export function usePersonName(): (id: string) => string {
  const api = useApi();
  const identity = useIdentity();
  const mayList = usePermissionStore().can('listUsers') && identity.status === 'known' && identity.who.backend === 'server';
  const load = useCallback(() => api.listUsers({}), [api]);
  const users = useApiResource(mayList ? load : null, null);
  const me = identity.status === 'known' ? identity.who.user : null;
  return useCallback(
    (id: string) => {
      if (me !== null && (id === me.id || id === me.name)) return `you (${me.name})`;
      return users.value?.find((user) => user.id === id)?.name ?? id;
    },
    [me, users.value],
  );
}
