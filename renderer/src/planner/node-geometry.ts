/**
 * Node sizes are fixed numbers rather than measured from the DOM, so layout code (auto-arrange, fit to
 * view, placing new nodes) can work on the model alone. The node view renders exactly this box.
 */
export const NODE_WIDTH = 220;
export const NODE_HEADER_HEIGHT = 58;
export const NODE_PORT_ROW_HEIGHT = 28;
export const NODE_PADDING_BOTTOM = 8;

export function nodeHeight(portRows: number): number {
  return NODE_HEADER_HEIGHT + Math.max(1, portRows) * NODE_PORT_ROW_HEIGHT + NODE_PADDING_BOTTOM;
}
