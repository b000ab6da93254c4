/**
 * Node sizes are fixed numbers rather than measured from the DOM, so layout code (auto-arrange, fit to
 * view, placing new nodes) can work on the model alone. The node view renders exactly this box: a
 * header (label, component@version), a meta row (provider, status), two rows of key values (address,
 * name) and one row per port pair.
 */
export const NODE_WIDTH = 240;
export const NODE_HEADER_HEIGHT = 50;
export const NODE_META_HEIGHT = 26;
export const NODE_VALUES_HEIGHT = 44;
export const NODE_PORT_ROW_HEIGHT = 24;
export const NODE_PADDING_BOTTOM = 8;

export function nodeHeight(portRows: number): number {
  return NODE_HEADER_HEIGHT + NODE_META_HEIGHT + NODE_VALUES_HEIGHT + Math.max(1, portRows) * NODE_PORT_ROW_HEIGHT + NODE_PADDING_BOTTOM;
}
