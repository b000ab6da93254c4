/** "Saving…", "Unsaved changes" or "Saved", next to the Save button. */
export function SaveState({ dirty, saving }: { dirty: boolean; saving: boolean }) {
  return (
    <span
      className={`save-state${dirty ? ' save-state--dirty' : ''}`}
      data-testid="dirty-indicator"
      data-dirty={dirty ? 'true' : 'false'}
      role="status"
    >
      {saving ? 'Saving…' : dirty ? 'Unsaved changes' : 'All changes saved'}
    </span>
  );
}
