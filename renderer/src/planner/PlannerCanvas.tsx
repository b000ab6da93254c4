import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPlannerEditor, type ContractSource, type PlannerEditor } from './create-planner-editor';
import { carriesComponent, componentDragData } from './palette/palette-drag';

export interface PlannerCanvasProps {
  contracts: ContractSource;
  onReady(editor: PlannerEditor | null): void;
  onChange(documentChanged: boolean): void;
  onWireRefused(wire: string, reason: string): void;
  /** A palette item was dropped; the node goes where it was dropped. */
  onDropComponent(ref: string, at: { clientX: number; clientY: number }): void;
}

/**
 * Mounts the Rete editor into a div for as long as the canvas is on screen, and turns palette drops
 * into node positions; React does nothing else.
 */
export function PlannerCanvas({ contracts, onReady, onChange, onWireRefused, onDropComponent }: PlannerCanvasProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  // A palette item is being dragged over the canvas: show where it can go.
  const [dropping, setDropping] = useState(false);
  const callbacks = useRef({ onChange, onWireRefused, onDropComponent });
  useLayoutEffect(() => {
    callbacks.current = { onChange, onWireRefused, onDropComponent };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const editor = createPlannerEditor(container, {
      contracts,
      onChange: ({ documentChanged }) => callbacks.current.onChange(documentChanged),
      onWireRefused: (wire, reason) => callbacks.current.onWireRefused(wire, reason),
    });
    onReady(editor);
    return () => {
      onReady(null);
      editor.destroy();
    };
  }, [onReady, contracts]);

  return (
    <div
      ref={containerRef}
      className={`planner-canvas${dropping ? ' planner-canvas--drop' : ''}`}
      data-testid="planner-canvas"
      tabIndex={-1}
      aria-label="Topology canvas"
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
        const ref = componentDragData(event.dataTransfer);
        if (!ref) return;
        event.preventDefault();
        callbacks.current.onDropComponent(ref, { clientX: event.clientX, clientY: event.clientY });
      }}
    />
  );
}
