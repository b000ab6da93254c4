import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { createPlannerEditor, type ContractSource, type PlannerEditor } from './create-planner-editor';
import { carriesComponent, componentDragData } from './palette/palette-drag';

export interface PlannerCanvasProps {
  contracts: ContractSource;
  onReady(editor: PlannerEditor | null): void;
  onChange(documentChanged: boolean): void;
  onWireRefused(wire: string, reason: string): void;
  /** A palette item was dropped; the node goes where it was dropped. */
  onDropComponent(ref: string, at: { clientX: number; clientY: number }): void;
  /** Pixels at the right edge that floating panels cover (see `PlannerEditorDeps.occludedRight`). */
  occludedRight(): number;
  /** Enter on a focused node. */
  onOpenNode(nodeId: string): void;
}

/**
 * Mounts the Rete editor into a div for as long as the canvas is on screen, and turns palette drops
 * into node positions; React does nothing else.
 */
export function PlannerCanvas({
  contracts,
  onReady,
  onChange,
  onWireRefused,
  onDropComponent,
  occludedRight,
  onOpenNode,
}: PlannerCanvasProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  // A palette item is being dragged over the canvas: show where it can go.
  const [dropping, setDropping] = useState(false);
  const hintId = useId();
  const callbacks = useRef({ onChange, onWireRefused, onDropComponent, occludedRight, onOpenNode });
  useLayoutEffect(() => {
    callbacks.current = { onChange, onWireRefused, onDropComponent, occludedRight, onOpenNode };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const editor = createPlannerEditor(container, {
      contracts,
      onChange: ({ documentChanged }) => callbacks.current.onChange(documentChanged),
      onWireRefused: (wire, reason) => callbacks.current.onWireRefused(wire, reason),
      occludedRight: () => callbacks.current.occludedRight(),
      onOpenNode: (nodeId) => callbacks.current.onOpenNode(nodeId),
    });
    onReady(editor);
    return () => {
      onReady(null);
      editor.destroy();
    };
  }, [onReady, contracts]);

  return (
    <>
      <p id={hintId} className="visually-hidden">
        Arrow keys move between nodes; Enter opens a node in the inspector, Delete removes it; Shift+A adds a node.
      </p>
      <div
        ref={containerRef}
        className={`planner-canvas${dropping ? ' planner-canvas--drop' : ''}`}
        data-testid="planner-canvas"
        // One tab stop for the whole canvas; the arrow keys then move among the nodes (canvas-keyboard.ts).
        tabIndex={0}
        role="application"
        aria-roledescription="canvas"
        aria-label="Topology canvas"
        aria-describedby={hintId}
        onDragOver={(event) => {
          if (!carriesComponent(event.dataTransfer)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setDropping(true);
        }}
        onDragLeave={(event) => {
          if (event.target === event.currentTarget) setDropping(false);
        }}
        onDrop={(event) => {
          setDropping(false);
          if (!carriesComponent(event.dataTransfer)) return;
          // Handled here whatever it carries: a stray drop must not reach the area or a field.
          event.preventDefault();
          const ref = componentDragData(event.dataTransfer);
          if (!ref) return;
          callbacks.current.onDropComponent(ref, { clientX: event.clientX, clientY: event.clientY });
        }}
      />
    </>
  );
}
