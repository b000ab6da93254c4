/** A rectangle in canvas coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether two rectangles overlap. */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The part of the canvas on screen, grown by `margin` screen pixels on every side, in canvas coordinates. */
export function visibleCanvasBox(
  transform: { x: number; y: number; k: number },
  screen: { width: number; height: number },
  margin = 200,
): Box {
  return {
    x: (-transform.x - margin) / transform.k,
    y: (-transform.y - margin) / transform.k,
    width: (screen.width + 2 * margin) / transform.k,
    height: (screen.height + 2 * margin) / transform.k,
  };
}

/** The rectangle spanning both ends of a wire: a wire can only be on screen where this box is. */
export function wireBox(source: Box, target: Box): Box {
  const x = Math.min(source.x, target.x);
  const y = Math.min(source.y, target.y);
  return {
    x,
    y,
    width: Math.max(source.x + source.width, target.x + target.width) - x,
    height: Math.max(source.y + source.height, target.y + target.height) - y,
  };
}

/**
 * Hides what is off screen from the browser (visibility, so layout and socket positions stay): on a
 * large canvas, painting, layerization and hit testing of every node and wire is what makes panning
 * slow, not our script. Recomputed at most once per animation frame.
 */
export function createViewCulling(options: {
  /** The canvas' size on screen (read every run, so it must not force a layout: see container-size.ts). */
  screen: () => { width: number; height: number };
  transform: () => { x: number; y: number; k: number };
  nodes: () => { id: string; box: Box; element: HTMLElement }[];
  wires: () => { source: string; target: string; element: HTMLElement | SVGElement }[];
  /** Called for every node on screen (or near it) at each run. */
  shown?: (id: string) => void;
}): { schedule(): void; dispose(): void } {
  let frame: number | null = null;
  const hidden = new WeakSet<HTMLElement | SVGElement>();
  const show = (element: HTMLElement | SVGElement, visible: boolean) => {
    if (visible === !hidden.has(element)) return;
    if (visible) {
      hidden.delete(element);
      element.style.visibility = '';
    } else {
      hidden.add(element);
      element.style.visibility = 'hidden';
    }
  };
  const run = () => {
    frame = null;
    const view = visibleCanvasBox(options.transform(), options.screen());
    const boxes = new Map<string, Box>();
    for (const node of options.nodes()) {
      boxes.set(node.id, node.box);
      const visible = overlaps(node.box, view);
      show(node.element, visible);
      if (visible) options.shown?.(node.id);
    }
    for (const wire of options.wires()) {
      const source = boxes.get(wire.source);
      const target = boxes.get(wire.target);
      show(wire.element, !source || !target || overlaps(wireBox(source, target), view));
    }
  };
  return {
    schedule() {
      if (frame === null) frame = requestAnimationFrame(run);
    },
    dispose() {
      if (frame !== null) cancelAnimationFrame(frame);
      frame = null;
    },
  };
}
