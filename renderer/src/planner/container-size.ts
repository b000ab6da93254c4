/** The size of an element in CSS pixels, as last reported by the browser. */
export interface ContainerSize {
  readonly width: number;
  readonly height: number;
  dispose(): void;
}

/**
 * Tracks an element's size with a ResizeObserver instead of reading `clientWidth` when needed. Code
 * that runs every animation frame (view culling, the minimap) reads the size right after the canvas
 * moved or nodes changed; reading `clientWidth` then forces the browser to lay the page out on the
 * spot, and again after that code's own writes, which on a 1,000-node canvas is most of a frame.
 * Until the first report, the size is read once directly.
 */
export function observeContainerSize(element: HTMLElement): ContainerSize {
  let size: { width: number; height: number } | null = null;
  const observer =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          const box = entries[entries.length - 1]?.contentRect;
          // clientWidth/clientHeight: the content box plus padding, which is what the callers always used.
          if (box) size = { width: element.clientWidth, height: element.clientHeight };
        });
  observer?.observe(element);
  const current = () => (size ??= { width: element.clientWidth, height: element.clientHeight });
  return {
    get width() {
      return observer ? current().width : element.clientWidth;
    },
    get height() {
      return observer ? current().height : element.clientHeight;
    },
    dispose() {
      observer?.disconnect();
    },
  };
}
