import { useCallback, useId, useState, type FormEvent } from 'react';
import { useApi } from '../api/ApiProvider';
import type { LandingZone } from '../api/entities';
import { useApiResource } from '../api/use-api-resource';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { useNotifier } from '../toasts/ToastProvider';
import { ConfirmDialog } from '../ui/ConfirmDialog';

interface Draft {
  perCore: string;
  perGbRam: string;
  perGbDisk: string;
  currency: string;
}

const FIELDS: readonly { key: 'perCore' | 'perGbRam' | 'perGbDisk'; label: string }[] = [
  { key: 'perCore', label: 'Per core' },
  { key: 'perGbRam', label: 'Per GB of RAM' },
  { key: 'perGbDisk', label: 'Per GB of disk' },
];

/**
 * A landing zone's rate card: what a core, a GB of RAM and a GB of disk cost per month there. Cost
 * estimates price self-hosted components (Proxmox) from it; without one they say so.
 */
export function RateCardPanel({ zone }: { zone: LandingZone }) {
  const api = useApi();
  const notifier = useNotifier();
  const formId = useId();
  const [changes, setChanges] = useState(0);
  const load = useCallback(() => api.listRateCards({}), [api]);
  const cards = useApiResource(load, null, changes);
  const card = cards.value?.find((entry) => entry.landingZone === zone.id) ?? null;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const blocked = useBlockedReason('setRateCard');

  const edit = () => {
    setProblem(null);
    setDraft({
      perCore: card ? String(card.perCore) : '',
      perGbRam: card ? String(card.perGbRam) : '',
      perGbDisk: card ? String(card.perGbDisk) : '',
      currency: card?.currency ?? 'USD',
    });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const values = FIELDS.map(({ key, label }) => [key, label, Number(draft[key])] as const);
    const bad = values.find(([key, , value]) => draft[key].trim() === '' || !Number.isFinite(value) || value < 0);
    if (bad) {
      setProblem(`${bad[1]} must be a number of zero or more`);
      return;
    }
    try {
      await api.setRateCard({
        landingZone: zone.id,
        currency: draft.currency.trim().toUpperCase(),
        perCore: Number(draft.perCore),
        perGbRam: Number(draft.perGbRam),
        perGbDisk: Number(draft.perGbDisk),
      });
      setDraft(null);
      setChanges((count) => count + 1);
      notifier.success('Rate card saved', `Estimates in ${zone.name} use it now`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  const remove = async () => {
    setConfirming(false);
    try {
      await api.removeRateCard({ landingZone: zone.id });
      setChanges((count) => count + 1);
    } catch (error) {
      notifier.error('Could not remove the rate card', error);
    }
  };

  return (
    <div className="entity-card__block" data-testid="rate-card" data-zone={zone.name}>
      <h4 className="entity-card__label">Rate card (per month)</h4>
      {draft ? (
        <form id={formId} className="rate-card__form" onSubmit={(event) => void save(event)} aria-label={`Rate card of ${zone.name}`}>
          {FIELDS.map(({ key, label }) => (
            <label key={key} className="field">
              <span className="field__label">{label}</span>
              <input
                className="input"
                inputMode="decimal"
                name={key}
                data-testid={`rate-card-${key}`}
                value={draft[key]}
                onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
              />
            </label>
          ))}
          <label className="field">
            <span className="field__label">Currency</span>
            <input
              className="input"
              name="currency"
              maxLength={3}
              data-testid="rate-card-currency"
              value={draft.currency}
              onChange={(event) => setDraft({ ...draft, currency: event.target.value })}
            />
          </label>
          {problem && (
            <p className="form-error" role="alert" data-testid="rate-card-problem">
              {problem}
            </p>
          )}
          <div className="form-row">
            <button type="submit" className="button button--primary button--small" data-testid="rate-card-save">
              Save rate card
            </button>
            <button type="button" className="button button--small" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          {card ? (
            <p className="card__text" data-testid="rate-card-summary">
              {card.perCore} {card.currency} per core · {card.perGbRam} {card.currency} per GB of RAM · {card.perGbDisk} {card.currency} per
              GB of disk
            </p>
          ) : (
            <p className="card__text" data-testid="rate-card-summary">
              No rate card:{' '}
              {zone.provider === 'local' ? 'local components cost nothing.' : 'components priced from one show as not priced.'}
            </p>
          )}
          <div className="form-row">
            <button type="button" className="button button--small" data-testid="rate-card-edit" onClick={edit} {...blockedProps(blocked)}>
              {card ? 'Edit rate card' : 'Set rate card'}
            </button>
            {card && (
              <button type="button" className="button button--small" onClick={() => setConfirming(true)} {...blockedProps(blocked)}>
                Remove rate card
              </button>
            )}
          </div>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title="Remove the rate card?"
          message={`Components in ${zone.name} priced from it will show as not priced.`}
          confirmLabel="Remove"
          danger
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </div>
  );
}
