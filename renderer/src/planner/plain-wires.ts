import { classicConnectionPath } from 'rete-render-utils';
import type { PlannerConnection } from './planner-connection';

const SVG = 'http://www.w3.org/2000/svg';
/** How far a wire bends, as Rete's classic look draws it. */
const CURVATURE = 0.3;

type Side = 'input' | 'output';
type Position = { x: number; y: number };

/** Where sockets are; `listen` reports a socket's position now (if known) and whenever it moves. */
export interface SocketPositionSource {
  listen(nodeId: string, side: Side, key: string, change: (position: Position) => void): () => void;
}

interface Drawn {
  wire: PlannerConnection;
  group: SVGGElement;
  path: SVGPathElement;
  title: SVGTitleElement | null;
  start: Position | null;
  end: Position | null;
  unwatch: () => void;
}

/** The area's signals this module acts on (a subset of Rete's render and unmount signals). */
type RenderSignal =
  | { type: 'render'; data: { type: string; element: HTMLElement; payload?: unknown; filled?: boolean } }
  | { type: 'unmount'; data: { element: HTMLElement } }
  | { type: string; data?: unknown };

/**
 * Draws wires with plain SVG, all in one `<svg>` layer behind the nodes, instead of a React root and
 * an `<svg>` of their own each. A React root per wire costs a set of native event listeners, a
 * synchronous render, and a render per end whenever a node moves; here a move sets one attribute. An
 * `<svg>` per wire is a positioned box of its own that the browser walks when it hit-tests every
 * pointer move and layerizes every frame. A wire is a `<g><path/></g>` with the classes and data
 * attributes the React view had: `planner-wire`, `planner-wire--problem`, `data-testid="planner-wire"`,
 * `data-wire-id`, `data-problem`, and a `<title>` with the problem. The element the area makes for a
 * wire stays, empty and not displayed (it is a positioned box too). The wire being dragged (the
 * connection plugin's pseudo connection) is left to the React view.
 */
export function createPlainWires(holder: HTMLElement, positions: SocketPositionSource, options: { drawn?(): void } = {}) {
  /** Drawn wires by the element the area made for them. */
  const wires = new Map<HTMLElement, Drawn>();
  const layer = document.createElementNS(SVG, 'svg');
  layer.classList.add('planner-wires');
  holder.prepend(layer);

  const redraw = (drawn: Drawn): void => {
    if (!drawn.start || !drawn.end) return;
    drawn.path.setAttribute('d', classicConnectionPath([drawn.start, drawn.end], CURVATURE));
  };

  const describe = (drawn: Drawn, wire: PlannerConnection): void => {
    const problem = wire.problem;
    drawn.wire = wire;
    drawn.group.setAttribute('class', problem ? 'planner-wire planner-wire--problem' : 'planner-wire');
    drawn.group.dataset['wireId'] = wire.id;
    if (problem) drawn.group.dataset['problem'] = problem;
    else delete drawn.group.dataset['problem'];
    if (problem) {
      drawn.title ??= drawn.path.appendChild(document.createElementNS(SVG, 'title'));
      drawn.title.textContent = problem;
    } else if (drawn.title) {
      drawn.title.remove();
      drawn.title = null;
    }
  };

  const draw = (element: HTMLElement, wire: PlannerConnection): void => {
    const existing = wires.get(element);
    if (existing) {
      describe(existing, wire);
      return;
    }
    const group = document.createElementNS(SVG, 'g');
    group.dataset['testid'] = 'planner-wire';
    const path = group.appendChild(document.createElementNS(SVG, 'path'));
    const drawn: Drawn = { wire, group, path, title: null, start: null, end: null, unwatch: () => undefined };
    describe(drawn, wire);
    layer.append(group);
    element.style.display = 'none';
    wires.set(element, drawn);
    const unwatchStart = positions.listen(wire.source, 'output', wire.sourceOutput, (position) => {
      drawn.start = position;
      redraw(drawn);
    });
    const unwatchEnd = positions.listen(wire.target, 'input', wire.targetInput, (position) => {
      drawn.end = position;
      redraw(drawn);
    });
    drawn.unwatch = () => {
      unwatchStart();
      unwatchEnd();
    };
    options.drawn?.();
  };

  return {
    /**
     * An area pipe, to be added before the React plugin is used: it draws every real wire and marks
     * the signal `filled`, so the React plugin mounts nothing for it.
     */
    pipe<T extends RenderSignal>(context: T): T {
      if (context.type === 'render') {
        const data = (context as Extract<RenderSignal, { type: 'render' }>).data;
        const wire = data.payload as (PlannerConnection & { isPseudo?: boolean }) | undefined;
        if (data.type === 'connection' && !data.filled && wire && wire.isPseudo !== true) {
          draw(data.element, wire);
          return { ...context, data: { ...data, filled: true } };
        }
      } else if (context.type === 'unmount') {
        const { element } = (context as Extract<RenderSignal, { type: 'unmount' }>).data;
        const drawn = wires.get(element);
        if (drawn) {
          drawn.unwatch();
          drawn.group.remove();
          wires.delete(element);
        }
      }
      return context;
    },

    /** Every drawn wire: its ends and its element (for view culling). */
    drawn(): { source: string; target: string; element: SVGGElement }[] {
      return [...wires.values()].map(({ wire, group }) => ({ source: wire.source, target: wire.target, element: group }));
    },

    dispose(): void {
      for (const drawn of wires.values()) drawn.unwatch();
      wires.clear();
      layer.remove();
    },
  };
}
