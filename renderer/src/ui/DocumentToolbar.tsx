import type { ReactNode } from 'react';
import { SaveState } from './SaveState';

export interface DocumentToolbarProps {
  /** The toolbar's accessible name, e.g. "Planner". */
  label: string;
  testId: string;
  /** The open document's name, and the test id of the element showing it. */
  name: string;
  nameTestId: string;
  revision: number;
  dirty: boolean;
  saving: boolean;
  /** The Save command's button, last, beside the save state. */
  saveButton: ReactNode;
  /** The editor's own tools, between the title and the save state. */
  children?: ReactNode;
}

/** The bar above a document editor: which document and revision is open, its tools, and saving it. */
export function DocumentToolbar({ label, testId, name, nameTestId, revision, dirty, saving, saveButton, children }: DocumentToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label={label} data-testid={testId}>
      <div className="toolbar__title">
        {/* The open document is what the page is about: its name is the page's heading. */}
        <h1 className="toolbar__name" data-testid={nameTestId}>
          {name}
        </h1>
        <span className="badge" data-testid="revision-label" data-revision={revision}>
          Revision {revision}
        </span>
      </div>
      {children}
      <div className="toolbar__spacer" />
      <SaveState dirty={dirty} saving={saving} />
      {saveButton}
    </div>
  );
}
