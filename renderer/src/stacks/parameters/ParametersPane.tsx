import type { StackDocument } from '../../../../engine/api/schemas/stacks';
import { TextField } from '../fields/TextField';
import { issuesAt, type StackIssue } from '../model/issue-paths';
import { OutputTable } from './OutputTable';
import { ParameterTable } from './ParameterTable';

export interface ParametersPaneProps {
  document: StackDocument;
  issues: readonly StackIssue[];
  readOnly: boolean;
  edit(update: (document: StackDocument) => StackDocument, key?: string): void;
}

/** The Parameters tab: the stack's description, its parameter schema and its outputs. */
export function ParametersPane({ document, issues, readOnly, edit }: ParametersPaneProps) {
  return (
    <div className="stack-pane__content">
      <label className="field">
        <span className="field__label">Description</span>
        <TextField
          value={document.description}
          readOnly={readOnly}
          placeholder="What this stack builds, in one sentence (shown in the list and the catalog)"
          onCommit={(description) => edit((current) => ({ ...current, description }), 'description')}
          issues={issuesAt(issues, 'description').map((issue) => issue.message)}
          testId="stack-description"
        />
      </label>
      <ParameterTable document={document} issues={issues} readOnly={readOnly} edit={edit} />
      <OutputTable document={document} issues={issues} readOnly={readOnly} edit={edit} />
    </div>
  );
}
