import type { Viewer } from '../../components/component-service.js';
import type { EventRouter } from '../../events/event-router.js';
import type { Services } from '../../services.js';
import type { StackRuntime } from '../../stacks/stack-runtime.js';
import type { StackService } from '../../stacks/stack-service.js';
import type { Handlers } from '../dispatcher.js';

type StackHandlers = Pick<
  Handlers,
  | 'listStacks'
  | 'getStack'
  | 'createStack'
  | 'saveStackDraft'
  | 'publishStack'
  | 'listStackVersions'
  | 'getStackVersion'
  | 'forkStack'
  | 'getStackInterface'
  | 'listStackInstances'
  | 'getStackInstance'
  | 'deployStack'
  | 'destroyStackInstance'
  | 'upgradeStackInstance'
  | 'runStackOperation'
  | 'confirmStackOperation'
  | 'listEvents'
  | 'emitEvent'
>;

/** Stack definitions, instances and the event log over the API. */
export function stackHandlers(
  stacks: StackService,
  runtime: StackRuntime,
  events: EventRouter,
  viewer: Viewer,
  catalog: Services['catalog'],
): StackHandlers {
  return {
    listStacks: () => stacks.list(viewer),
    getStack: ({ name }) => stacks.get(viewer, name),
    createStack: ({ name, shared, document }) => stacks.create(viewer, { name, document, ...(shared !== undefined ? { shared } : {}) }),
    saveStackDraft: ({ name, expectedRevision, document }) => stacks.saveDraft(viewer, name, expectedRevision, document),
    publishStack: ({ name, changelog }) => stacks.publish(viewer, name, changelog),
    listStackVersions: ({ name }) => stacks.versions(viewer, name),
    getStackVersion: ({ name, version }) => stacks.version(viewer, name, version),
    forkStack: ({ name, as, version, shared }) =>
      stacks.fork(viewer, name, { as, ...(version !== undefined ? { version } : {}), ...(shared !== undefined ? { shared } : {}) }),
    getStackInterface: async ({ name, version }) => {
      const ref = `stack:${name}@${version}`;
      const definition = (await catalog([ref])).lookup(ref);
      return {
        ref: definition.ref,
        description: (await stacks.version(viewer, name, version)).description,
        provider: definition.provider,
        semanticType: 'Stack' as const,
        inputSchema: definition.inputSchema,
        outputSchema: definition.outputSchema,
      };
    },
    listStackInstances: () => runtime.list(),
    getStackInstance: async ({ id }) => {
      const instance = await runtime.get(id);
      const document = await runtime.documentOf(id);
      return {
        instance,
        history: await runtime.history(id),
        document,
        operations: document.operations.map((operation) => ({
          name: operation.name,
          description: operation.description ?? '',
          requiredStates: operation.requiredStates,
          allowed: instance.status !== 'running' && operation.requiredStates.includes(instance.state),
        })),
      };
    },
    deployStack: ({ stack, version, environment, name, params }) =>
      runtime.deployInstance({ stack, environment, name, ...(version !== undefined ? { version } : {}), ...(params ? { params } : {}) }),
    destroyStackInstance: ({ id }) => runtime.destroyInstance(id),
    upgradeStackInstance: ({ id, version }) => runtime.upgradeInstance(id, version),
    runStackOperation: ({ id, operation, input }) => runtime.runOperation(id, operation, input ?? {}),
    confirmStackOperation: ({ id }) => runtime.confirm(id),
    listEvents: (filter) => events.list(filter),
    emitEvent: (event) => events.route('nimbus', event),
  };
}
