/** Deploying reads the saved topology; unsaved canvas edits must be saved (or undone) first, and the wizard says so. */
export function SaveFirstNotice({ saving, onSave }: { saving: boolean; onSave(): void }) {
  return (
    <div className="banner banner--warning" role="alert" data-testid="deploy-save-first">
      <div className="banner__text">
        <strong>Save the topology first.</strong> It has changes that are not saved, and a deployment uses the saved topology. Save to
        deploy what you see on the canvas, or close this and undo the changes.
      </div>
      <div className="banner__actions">
        <button type="button" className="button button--small button--primary" onClick={onSave} disabled={saving} data-testid="deploy-save">
          {saving ? 'Saving…' : 'Save topology'}
        </button>
      </div>
    </div>
  );
}
