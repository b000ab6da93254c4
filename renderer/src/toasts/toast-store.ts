export type ToastKind = 'error' | 'success' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message: string;
  details: string[];
  /** A place in the app the toast points to (a request awaiting approval). */
  link?: { href: string; label: string };
}

export type ToastInput = Omit<Toast, 'id' | 'details'> & { details?: string[] };

const LIFETIME_MS: Record<ToastKind, number> = { error: 12_000, success: 4_000, info: 6_000 };
const MAX_VISIBLE = 4;

/**
 * Toasts live outside React so that any module (an API callback, a command) can raise one; the view
 * subscribes. Each toast owns a timer, released on dismiss and on dispose.
 */
export class ToastStore {
  private toasts: readonly Toast[] = [];
  private nextId = 1;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly listeners = new Set<() => void>();

  readonly getSnapshot = (): readonly Toast[] => this.toasts;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  show(input: ToastInput): number {
    const toast: Toast = { ...input, details: input.details ?? [], id: this.nextId++ };
    const kept = this.toasts.filter((existing) => !(existing.title === toast.title && existing.message === toast.message));
    for (const dropped of this.toasts) if (!kept.includes(dropped)) this.clearTimer(dropped.id);
    this.toasts = [...kept, toast].slice(-MAX_VISIBLE);
    this.timers.set(
      toast.id,
      setTimeout(() => this.dismiss(toast.id), LIFETIME_MS[toast.kind]),
    );
    this.emit();
    return toast.id;
  }

  dismiss(id: number): void {
    this.clearTimer(id);
    const next = this.toasts.filter((toast) => toast.id !== id);
    if (next.length === this.toasts.length) return;
    this.toasts = next;
    this.emit();
  }

  dispose(): void {
    for (const id of this.timers.keys()) this.clearTimer(id);
    this.toasts = [];
    this.listeners.clear();
  }

  private clearTimer(id: number): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
