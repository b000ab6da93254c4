import { useEffect, useLayoutEffect, useRef } from 'react';
import { createPlannerEditor, type PlannerEditor } from './create-planner-editor';

export interface PlannerCanvasProps {
  onReady(editor: PlannerEditor | null): void;
  onChange(documentChanged: boolean): void;
}

/** Mounts the Rete editor into a div for as long as the canvas is on screen; React does nothing else. */
export function PlannerCanvas({ onReady, onChange }: PlannerCanvasProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const onChangeRef = useRef(onChange);
  useLayoutEffect(() => {
    onChangeRef.current = onChange;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const editor = createPlannerEditor(container, { onChange: ({ documentChanged }) => onChangeRef.current(documentChanged) });
    onReady(editor);
    return () => {
      onReady(null);
      editor.destroy();
    };
  }, [onReady]);

  return <div ref={containerRef} className="planner-canvas" data-testid="planner-canvas" tabIndex={-1} />;
}
