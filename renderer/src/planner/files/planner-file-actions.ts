/** The file commands' view of the planner: what they may do and whether they can now. */
export interface PlannerFileActions {
  /** Asks for a YAML/JSON file, checks it, and opens it as a new topology. */
  openFile(): Promise<void>;
  /** Downloads the saved topology as the engine writes it. */
  exportFile(format: 'yaml' | 'json'): Promise<void>;
  /** Downloads a picture of the canvas as it is now (unsaved edits included). */
  exportPicture(kind: 'svg' | 'png'): Promise<void>;
  /** A topology is open, so there is something to export. */
  canExport: boolean;
}
