import type { NimbusApi } from '../../../../engine/api/contract';
import type { ComponentSummary } from '../../api/entities';
import { buildContract, parseComponentRef, type NodeContract } from './node-contract';
import { parseStackRef } from './stack-entries';

/**
 * Contracts of component versions, fetched once each: a published version never changes, so a cached
 * contract is never stale. A reference that names no published version resolves to null (the node
 * keeps generic dependency ports and the plan reports the unknown component); failures are not shown
 * here, because the plan explains them next to the node.
 */
export class ContractStore {
  private readonly contracts = new Map<string, Promise<NodeContract | null>>();
  private readonly resolved = new Map<string, NodeContract | null>();
  private summaries: Promise<ComponentSummary[]> | null = null;

  constructor(private readonly api: Pick<NimbusApi, 'listComponents' | 'getComponentVersion' | 'getStackInterface'>) {}

  /** Components the palette already loaded, so the first contracts need no second list request. */
  setSummaries(summaries: ComponentSummary[]): void {
    this.summaries = Promise.resolve(summaries);
  }

  /** The contract if it has been loaded (undefined while unknown), for synchronous callers. */
  peek(ref: string): NodeContract | null | undefined {
    return this.resolved.get(ref);
  }

  get(ref: string): Promise<NodeContract | null> {
    const cached = this.contracts.get(ref);
    if (cached) return cached;
    const loading = this.load(ref).then(
      (contract) => {
        this.resolved.set(ref, contract);
        // An unknown reference may be published later; ask again next time.
        if (!contract) this.contracts.delete(ref);
        return contract;
      },
      () => {
        this.contracts.delete(ref);
        return null;
      },
    );
    this.contracts.set(ref, loading);
    return loading;
  }

  private async load(ref: string): Promise<NodeContract | null> {
    const stack = parseStackRef(ref);
    if (stack) {
      // A stack placed as a node: its parameters are the inputs, its outputs the outputs.
      const shape = await this.api.getStackInterface(stack);
      const summary = {
        id: ref,
        name: `stack:${stack.name}`,
        provider: shape.provider,
        semanticType: 'Stack',
        category: 'stacks',
        tenant: null,
        system: false,
        description: shape.description,
        latestVersion: stack.version,
        draftRevision: 0,
      };
      return buildContract(summary, stack.version, {
        description: shape.description,
        code: '',
        inputSchema: shape.inputSchema,
        outputSchema: shape.outputSchema,
        resolverBindings: {},
        secretInputs: [],
      });
    }
    const parsed = parseComponentRef(ref);
    if (!parsed) return null;
    let summary = (await this.listSummaries()).find((entry) => entry.name === parsed.name);
    if (!summary) {
      // Published after the list was loaded: look again once.
      this.summaries = null;
      summary = (await this.listSummaries()).find((entry) => entry.name === parsed.name);
    }
    if (!summary || summary.latestVersion === null || parsed.version > summary.latestVersion) return null;
    const content = await this.api.getComponentVersion({ name: parsed.name, version: parsed.version });
    return buildContract(summary, parsed.version, content);
  }

  private listSummaries(): Promise<ComponentSummary[]> {
    this.summaries ??= this.api.listComponents({}).catch((error: unknown) => {
      this.summaries = null;
      throw error;
    });
    return this.summaries;
  }
}
