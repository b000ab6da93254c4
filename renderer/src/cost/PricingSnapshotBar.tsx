import { useCallback, useRef, useState, type ChangeEvent } from 'react';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { describeError } from '../toasts/describe-error';
import { useNotifier } from '../toasts/ToastProvider';

/** Largest pricing file the app sends (the engine refuses larger ones too). */
const MAX_BYTES = 16 * 1024 * 1024;

/** Which pricing snapshot estimates use (date, currency, source), and importing a newer file. */
export function PricingSnapshotBar() {
  const api = useApi();
  const notifier = useNotifier();
  const input = useRef<HTMLInputElement>(null);
  const [changes, setChanges] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(() => api.getPricingSnapshot({}), [api]);
  const info = useApiResource(load, null, changes);
  const blocked = useBlockedReason('importPricingSnapshot');

  const chosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setProblem(null);
    if (file.size > MAX_BYTES) {
      setProblem(`${file.name} is larger than 16 MiB`);
      return;
    }
    try {
      const imported = await api.importPricingSnapshot({ text: await file.text(), source: file.name });
      setChanges((count) => count + 1);
      notifier.success('Pricing snapshot imported', `Estimates now use the prices of ${imported.date} (${imported.currency})`);
    } catch (error) {
      setProblem(describeError(error).message);
    }
  };

  return (
    <div className="pricing-bar" data-testid="pricing-snapshot">
      <span data-testid="pricing-snapshot-date">
        {info.value
          ? `Cost estimates: pricing snapshot of ${info.value.date} (${info.value.source}), in ${info.value.currency}`
          : 'Cost estimates: reading the pricing snapshot…'}
      </span>{' '}
      <button
        type="button"
        className="button button--small"
        onClick={() => input.current?.click()}
        data-testid="pricing-import"
        {...blockedProps(blocked)}
      >
        Import newer prices…
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,.yaml,.yml"
        hidden
        onChange={(event) => void chosen(event)}
        data-testid="pricing-import-file"
      />
      {problem && (
        <p className="form-error" role="alert" data-testid="pricing-import-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
