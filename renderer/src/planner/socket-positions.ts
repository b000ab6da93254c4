import type { Scope } from 'rete';
import { BaseAreaPlugin } from 'rete-area-plugin';
import { getElementCenter, type SocketPositionWatcher } from 'rete-render-utils';

type Side = 'input' | 'output';
type Position = { x: number; y: number };
type OnChange = (position: Position) => void;

/** How far a wire ends outside its socket's centre, as Rete's classic look draws it. */
const WIRE_OFFSET = 12;

interface AreaLike {
  nodeViews: Map<string, { element: HTMLElement; position: Position }>;
  addPipe(pipe: (context: { type: string; data: unknown }) => unknown): void;
}

/**
 * Socket positions for wires without reading the DOM for every socket. Rete's default watcher measures
 * each socket as it renders (one forced page layout each) and scans every stored socket for every
 * lookup, which grows with the square of the canvas. Node boxes here have a fixed layout per port set
 * (see node-geometry), so a socket's offset inside its node is measured once per layout and reused:
 * a position is then the node's position plus that offset. That also gives positions for nodes drawn
 * without their ports (zoomed far out, see node-detail.ts), as long as one node of the same layout was
 * drawn in full: {@link claim} says which node should be. Lookups and listeners are indexed by node.
 */
export class LayoutSocketPositions<K> implements SocketPositionWatcher<Scope<never, [K]>> {
  private area: AreaLike | null = null;
  /**
   * Offset of a socket inside its node, per node layout, side and port key, as the promise of the
   * measurement: sockets of alike nodes rendered while the first is measured wait for that one
   * measurement instead of each forcing a page layout of their own.
   */
  private readonly measuring = new Map<string, Promise<Position>>();
  /** The same offsets once measured. */
  private readonly offsets = new Map<string, Position>();
  /** Layouts with at least one socket measured. */
  private readonly measured = new Set<string>();
  /** Layout per node, remembered: a node's ports are fixed once it is on the canvas. */
  private readonly layouts = new Map<string, string>();
  /** Layouts with a node drawn in full (or about to be), by node id, until one of its sockets is measured. */
  private readonly claims = new Map<string, string>();
  private readonly listeners = new Map<string, Set<{ side: Side; key: string; change: OnChange }>>();

  /**
   * @param layoutOf identifies nodes drawn alike (same component and ports), whose sockets sit at the
   * same offsets; null for a node not on the canvas.
   */
  constructor(private readonly layoutOf: (nodeId: string) => string | null) {}

  attach(scope: Scope<never, [K]>): void {
    if (this.area || !scope.hasParent()) return;
    const area = scope.parentScope(BaseAreaPlugin) as unknown as AreaLike;
    this.area = area;
    area.addPipe(async (context) => {
      if (context.type === 'rendered') {
        const data = context.data as { type: string; nodeId: string; side: Side; key: string; element: HTMLElement };
        if (data.type === 'socket') await this.measure(data.nodeId, data.side, data.key, data.element);
      } else if (context.type === 'nodetranslated') {
        this.notify((context.data as { id: string }).id);
      } else if (context.type === 'noderesized') {
        // A node changed size: its layout assumption no longer holds; measure again from now on.
        this.measuring.clear();
        this.offsets.clear();
        this.measured.clear();
      } else if (context.type === 'noderemoved') {
        const id = (context.data as { id: string }).id;
        for (const [layout, claimant] of this.claims) if (claimant === id) this.claims.delete(layout);
        this.layouts.delete(id);
      }
      return context;
    });
  }

  /**
   * True when no node of `layout` has had its sockets measured or is about to: the node `nodeId` (not
   * on the canvas yet) must then be drawn with its ports, so that wires to every node of its layout
   * can be placed.
   */
  claim(nodeId: string, layout: string): boolean {
    if (this.claims.has(layout) || this.measured.has(layout)) return false;
    this.claims.set(layout, nodeId);
    return true;
  }

  listen(nodeId: string, side: Side, key: string, change: OnChange): () => void {
    let listeners = this.listeners.get(nodeId);
    if (!listeners) this.listeners.set(nodeId, (listeners = new Set()));
    const entry = { side, key, change };
    listeners.add(entry);
    this.report(nodeId, entry);
    return () => {
      listeners.delete(entry);
      if (listeners.size === 0) this.listeners.delete(nodeId);
    };
  }

  private async measure(nodeId: string, side: Side, key: string, element: HTMLElement): Promise<void> {
    const view = this.area?.nodeViews.get(nodeId);
    const layout = this.layout(nodeId);
    if (!view || layout === null) return;
    const cacheKey = `${layout}|${side}|${key}`;
    let pending = this.measuring.get(cacheKey);
    const first = !pending;
    if (!pending) {
      pending = getElementCenter(element, view.element).then((center) => ({
        x: center.x + WIRE_OFFSET * (side === 'input' ? -1 : 1),
        y: center.y,
      }));
      this.measuring.set(cacheKey, pending);
    }
    const offset = await pending;
    if (!first) return;
    this.offsets.set(cacheKey, offset);
    this.measured.add(layout);
    this.claims.delete(layout);
    // Every node of this layout can now place this socket, whether or not its ports are drawn.
    for (const [id, listeners] of this.listeners) {
      if (this.layout(id) !== layout) continue;
      for (const entry of listeners) if (entry.side === side && entry.key === key) this.report(id, entry);
    }
  }

  private layout(nodeId: string): string | null {
    let layout = this.layouts.get(nodeId) ?? null;
    if (layout === null) {
      layout = this.layoutOf(nodeId);
      if (layout !== null) this.layouts.set(nodeId, layout);
    }
    return layout;
  }

  private notify(nodeId: string): void {
    for (const entry of this.listeners.get(nodeId) ?? []) this.report(nodeId, entry);
  }

  private report(nodeId: string, entry: { side: Side; key: string; change: OnChange }): void {
    const layout = this.layout(nodeId);
    const offset = layout === null ? undefined : this.offsets.get(`${layout}|${entry.side}|${entry.key}`);
    const view = this.area?.nodeViews.get(nodeId);
    if (offset && view) entry.change({ x: view.position.x + offset.x, y: view.position.y + offset.y });
  }
}
