import { DialogFrame } from '../../ui/DialogFrame';
import { describeFileIssue } from './file-issues';
import type { RejectedFile } from './use-planner-files';

/** Why a topology file was not opened: every problem, with its line where the engine knows it. */
export function FileIssuesDialog({ file, onClose }: { file: RejectedFile; onClose(): void }) {
  return (
    <DialogFrame name="file-issues" title={`${file.name} cannot be opened`} onCancel={onClose} wide>
      <p className="dialog__message">Fix these problems in the file, then open it again.</p>
      <ul className="file-issues" data-testid="file-issues">
        {file.issues.map((issue, index) => (
          <li key={index} className="file-issues__item" data-line={issue.line}>
            {describeFileIssue(issue)}
          </li>
        ))}
      </ul>
      <div className="dialog__actions">
        <button type="button" className="button button--primary" autoFocus onClick={onClose} data-testid="file-issues-close">
          Close
        </button>
      </div>
    </DialogFrame>
  );
}
