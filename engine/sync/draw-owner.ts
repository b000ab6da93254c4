/** The topology a draw belongs to when the document was planned without a saved topology's id. */
export const UNSAVED_TOPOLOGY = 'unsaved';

/** Who a drawn value belongs to once the server confirms it: the node in its topology. */
export const nodeOwner = (topology: string, nodeId: string): string => `topology:${topology}/node:${nodeId}`;
