import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, type MethodName } from '../common/method-names.js';
import { METHOD_PERMISSIONS } from '../common/method-permissions.js';
import { BUILT_IN_ROLES, PERMISSIONS, type Permission } from '../common/permissions.js';
import { permissionAuthorizer, type Caller } from './authorization.js';
import { createDispatcher, type DispatchResult, type Handlers } from './dispatcher.js';

/** Handlers that record which methods were reached; none of them should be when a call is refused. */
function recordingHandlers(reached: MethodName[]): Handlers {
  return Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      () => {
        reached.push(method);
        throw new Error(`${method} ran`);
      },
    ]),
  ) as unknown as Handlers;
}

const callerWith = (permissions: readonly Permission[]): Caller => ({ id: 'u1', tenant: 't1', permissions: new Set(permissions) });

function codeOf(result: DispatchResult): string {
  if (result.ok) throw new Error('expected a refusal');
  return result.error.code;
}

describe('authorization in the dispatcher', () => {
  it('refuses every method to a caller holding every permission but its own, before running it', async () => {
    const reached: MethodName[] = [];
    const dispatcher = createDispatcher(recordingHandlers(reached), { authorizer: permissionAuthorizer });
    for (const method of METHOD_NAMES) {
      const needed = METHOD_PERMISSIONS[method];
      const caller = callerWith(PERMISSIONS.filter((permission) => permission !== needed));
      const result = await dispatcher.dispatch(method, {}, { caller });
      expect(codeOf(result), method).toBe('forbidden');
      expect(result.ok ? null : result.error.details, method).toEqual({ method, permission: needed });
    }
    expect(reached).toEqual([]);
  });

  it('lets a caller holding only the method permission through to the method', async () => {
    const reached: MethodName[] = [];
    const dispatcher = createDispatcher(recordingHandlers(reached), { authorizer: permissionAuthorizer });
    for (const method of METHOD_NAMES) {
      const result = await dispatcher.dispatch(method, {}, { caller: callerWith([METHOD_PERMISSIONS[method]]) });
      // Past the permission check, the call fails on its input or in the handler, never as forbidden.
      expect(['invalid_input', 'internal'], method).toContain(codeOf(result));
    }
    // Every method whose input may be empty was reached.
    expect(reached.length).toBeGreaterThan(10);
  });

  it('refuses a call without a caller as unauthorized', async () => {
    const dispatcher = createDispatcher(recordingHandlers([]), { authorizer: permissionAuthorizer });
    expect(codeOf(await dispatcher.dispatch('listTopologies', {}))).toBe('unauthorized');
  });

  it('gives the read-only role no method that changes anything', () => {
    const readOnly = new Set<Permission>(BUILT_IN_ROLES['read-only']);
    const allowed = METHOD_NAMES.filter((method) => readOnly.has(METHOD_PERMISSIONS[method]));
    // A read-only user still keeps its own profile: settings, its own access tokens (no wider than itself)
    // and the link of its own app to a server (which changes nothing on any server), and which of its own
    // in-app notifications it has read.
    // and the link of its own app to a server (which changes nothing on any server), and its app's outbox
    // (the server checks each change it sends with the user's own permissions).
    const ownProfile = new Set([
      'updateSettings',
      'createAccessToken',
      'revokeAccessToken',
      'connectServer',
      'disconnectServer',
      'markNotificationsRead',
      'syncStatus',
      'syncNow',
      'retryOutboxEntry',
      'discardOutboxEntry',
      'queueForServer',
      // Its own desktop's unsent draft edits, which never reached any server.
      'discardLocalDraft',
      // Backup and restore of its own machine's data directory (a shared server offers neither).
      'startBackup',
      'startRestore',
    ]);
    // Reading a shared topology opens its document; a reader's selection is shown to the other editors.
    const sharedReading = new Set(['openTopologyDocument', 'setTopologyPresence']);
    const changing = allowed.filter(
      (method) =>
        !/^(get|list|validate|export|plan|diff|whoAmI|estimate)/.test(method) && !ownProfile.has(method) && !sharedReading.has(method),
    );
    expect(changing).toEqual([]);
    expect(allowed).toContain('listTopologies');
  });

  it('keeps deploying and catalog changes apart in the user role', () => {
    const user = new Set<Permission>(BUILT_IN_ROLES.user);
    expect(user.has('component:deploy')).toBe(true);
    expect(user.has('component:definition:publish')).toBe(false);
    expect(user.has('resolver:config:manage')).toBe(false);
    expect(new Set(BUILT_IN_ROLES['tenant-admin']).has('tenant:manage')).toBe(false);
  });
});
