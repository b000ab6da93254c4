import type { MethodName, MethodOutput, NimbusApi } from '../../../engine/api/contract';
import { METHOD_PERMISSIONS } from '../../../engine/common/method-permissions';

/** Who is signed in to the engine the app talks to, with every permission they hold there. */
export type WhoAmI = MethodOutput<'whoAmI'>;

/** What the app knows about the signed-in user. */
export type IdentityState =
  | { status: 'loading' }
  | { status: 'known'; who: WhoAmI }
  /** The engine did not say (an older engine, a failed call): nothing is disabled, the engine still checks every call. */
  | { status: 'unknown'; error: unknown };

type Listener = () => void;

/**
 * Who is signed in and what they may do: loads `whoAmI` once the API is connected and answers, for
 * any API method, whether the user may call it and, if not, why (through the same method→permission
 * map the engine checks). Screens disable an action whose method is refused and show the reason; the
 * engine refuses the call anyway, so an unknown answer allows everything rather than locking the user
 * out of a working engine.
 */
export class PermissionStore {
  private state: IdentityState = { status: 'loading' };
  private held: ReadonlySet<string> | null = null;
  private readonly listeners = new Set<Listener>();
  private generation = 0;
  private disposed = false;

  getState(): IdentityState {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the engine who is signed in; an answer to an older request than the latest is dropped. */
  async load(api: Pick<NimbusApi, 'whoAmI'>): Promise<void> {
    const generation = ++this.generation;
    let next: IdentityState;
    try {
      next = { status: 'known', who: await api.whoAmI({}) };
    } catch (error) {
      next = { status: 'unknown', error };
    }
    if (this.disposed || generation !== this.generation) return;
    this.state = next;
    this.held = next.status === 'known' ? new Set(next.who.permissions) : null;
    for (const listener of [...this.listeners]) listener();
  }

  /** Why the signed-in user may not call `method`, or null when they may (or it is not known yet). */
  reasonFor(method: MethodName): string | null {
    if (this.held === null) return null;
    const permission = METHOD_PERMISSIONS[method];
    return this.held.has(permission) ? null : `You lack the permission ${permission}`;
  }

  /** The reason for the first of `methods` the user may not call, or null when they may call them all. */
  reasonForAny(methods: readonly MethodName[]): string | null {
    for (const method of methods) {
      const reason = this.reasonFor(method);
      if (reason !== null) return reason;
    }
    return null;
  }

  /** Whether the signed-in user may call `method`. */
  can(method: MethodName): boolean {
    return this.reasonFor(method) === null;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
