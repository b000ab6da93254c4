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
 * a position is then the node's position plus that offset. Lookups and listeners are indexed by node.
 */
export class LayoutSocketPositions<K> implements SocketPositionWatcher<Scope<never, [K]>> {
  private area: AreaLike | null = null;
  /** Offset of a socket inside its node, per node layout, side and port key. */
  private readonly offsets = new Map<string, Position>();
  /** Rendered sockets per node: `${side}:${key}` → offset inside that node. */
  private readonly sockets = new Map<string, Map<string, Position>>();
  private readonly listeners = new Map<string, Set<{ side: Side; key: string; change: OnChange }>>();

  /** @param layoutOf identifies nodes drawn alike (same component and ports), whose sockets sit at the same offsets. */
  constructor(private readonly layoutOf: (nodeId: string) => string) {}

  attach(scope: Scope<never, [K]>): void {
    if (this.area || !scope.hasParent()) return;
    const area = scope.parentScope(BaseAreaPlugin) as unknown as AreaLike;
    this.area = area;
    area.addPipe(async (context) => {
      if (context.type === 'rendered') {
        const data = context.data as { type: string; nodeId: string; side: Side; key: string; element: HTMLElement };
        if (data.type === 'socket') {
          const offset = await this.offset(data.nodeId, data.side, data.key, data.element);
          if (offset) {
            let sockets = this.sockets.get(data.nodeId);
            if (!sockets) this.sockets.set(data.nodeId, (sockets = new Map()));
            sockets.set(`${data.side}:${data.key}`, offset);
            this.notify(data.nodeId, data.side, data.key);
          }
        }
      } else if (context.type === 'nodetranslated') {
        this.notify((context.data as { id: string }).id);
      } else if (context.type === 'noderesized') {
        // A node changed size: its layout assumption no longer holds; measure again from now on.
        const id = (context.data as { id: string }).id;
        this.offsets.clear();
        this.sockets.delete(id);
      } else if (context.type === 'noderemoved') {
        const id = (context.data as { id: string }).id;
        this.sockets.delete(id);
      }
      return context;
    });
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

  private async offset(nodeId: string, side: Side, key: string, element: HTMLElement): Promise<Position | null> {
    const view = this.area?.nodeViews.get(nodeId);
    if (!view) return null;
    const cacheKey = `${this.layoutOf(nodeId)}|${side}|${key}`;
    const cached = this.offsets.get(cacheKey);
    if (cached) return cached;
    const center = await getElementCenter(element, view.element);
    const offset = { x: center.x + WIRE_OFFSET * (side === 'input' ? -1 : 1), y: center.y };
    this.offsets.set(cacheKey, offset);
    return offset;
  }

  private notify(nodeId: string, side?: Side, key?: string): void {
    for (const entry of this.listeners.get(nodeId) ?? []) {
      if (side && (entry.side !== side || entry.key !== key)) continue;
      this.report(nodeId, entry);
    }
  }

  private report(nodeId: string, entry: { side: Side; key: string; change: OnChange }): void {
    const offset = this.sockets.get(nodeId)?.get(`${entry.side}:${entry.key}`);
    const view = this.area?.nodeViews.get(nodeId);
    if (offset && view) entry.change({ x: view.position.x + offset.x, y: view.position.y + offset.y });
  }
}
