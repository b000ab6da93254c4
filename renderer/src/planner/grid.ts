/** One grid step in canvas units: how far a key press moves nodes or a frame. */
export const GRID_STEP = 20;
