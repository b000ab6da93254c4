import type { StackDocument } from '../api/schemas/stacks.js';
import type { Viewer } from '../components/component-service.js';
import { compileStackMachine, type CompiledStackMachine } from '../lifecycle/stack-machine.js';
import type { StackInstanceRecord } from '../store/ports/catalog-records.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import { stackNameOf } from './stack-instance-view.js';
import type { StackService } from './stack-service.js';

/** A published stack version with its compiled state machine. */
export interface StackMachine {
  document: StackDocument;
  machine: CompiledStackMachine;
}

/**
 * The compiled machines of published stack versions, by stack id and version. Published versions
 * never change, so each is read and compiled once per process; every transition of every instance
 * of that version steps it from the instance's stored snapshot.
 *
 * Callers read the instance first (in the caller's tenant): an instance can only name a stack its
 * tenant may see, so a machine found here by that instance's stack id is one the caller may use.
 */
export class StackMachines {
  private readonly compiled = new Map<string, Promise<StackMachine>>();

  constructor(
    private readonly store: RepositoryScope,
    private readonly stacks: StackService,
    private readonly viewer: Viewer,
  ) {}

  /** The machine of `version` of the instance's stack. */
  of(row: Pick<StackInstanceRecord, 'stackId'>, version: number): Promise<StackMachine> {
    const key = `${row.stackId}@${version}`;
    const known = this.compiled.get(key);
    if (known) return known;
    const loading = (async () => {
      const name = await stackNameOf(this.store, row);
      const document = await this.stacks.version(this.viewer, name, version);
      return { document, machine: compileStackMachine(document.stateMachine, document.operations) };
    })();
    this.compiled.set(key, loading);
    // A failed read (a stack not visible, a store error) is not remembered.
    loading.catch(() => this.compiled.delete(key));
    return loading;
  }
}
