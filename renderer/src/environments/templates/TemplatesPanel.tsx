import { useCallback, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { LandingZone } from '../../api/entities';
import { useApiResource } from '../../api/use-api-resource';
import { blockedProps } from '../../permissions/blocked-props';
import { useBlockedReason } from '../../permissions/PermissionProvider';
import { useNotifier } from '../../toasts/ToastProvider';
import { Field, FormDialog } from '../../ui/FormDialog';
import { DefaultsEditor } from './DefaultsEditor';
import { describeDefaults, toComponentDefaults, toDefaultRows, type DefaultRow } from './template-defaults';

/**
 * Environment templates per landing zone: their mandatory components with default parameters
 * (component → parameter → value), created with components picked from the catalog, and deleted
 * after a confirmation (refused, with the engine's words, while environments use the template).
 */
export function TemplatesPanel({ zones, onChanged }: { zones: LandingZone[]; onChanged(): void }) {
  const api = useApi();
  const notifier = useNotifier();
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<{ zone: string; template: string } | null>(null);
  const [editing, setEditing] = useState<{ zone: LandingZone; template: Template } | null>(null);
  const createBlocked = useBlockedReason('createEnvironmentTemplate');
  const editBlocked = useBlockedReason('updateEnvironmentTemplate');
  const deleteBlocked = useBlockedReason('deleteEnvironmentTemplate');
  return (
    <section className="page-section" aria-labelledby="templates-title" data-testid="templates-panel">
      <header className="section-header">
        <h2 id="templates-title" className="section-header__title">
          Environment templates
        </h2>
        <button
          type="button"
          className="button button--small"
          onClick={() => setCreating(true)}
          data-testid="new-template"
          {...blockedProps(createBlocked, {
            disabled: zones.length === 0,
            title: zones.length === 0 ? 'Create a landing zone first' : undefined,
          })}
        >
          New template
        </button>
      </header>
      {zones.every((zone) => zone.templates.length === 0) ? (
        <p className="section-hint" data-testid="templates-empty">
          No templates yet. A template lists the components every environment made from it must have, with their default parameters.
        </p>
      ) : (
        zones
          .filter((zone) => zone.templates.length > 0)
          .map((zone) => (
            <div key={zone.id} className="entity-card__block">
              <h3 className="entity-card__label">{zone.name}</h3>
              <ul className="setting-list">
                {zone.templates.map((template) => (
                  <li key={template.id} className="setting-list__item" data-testid="template-row" data-name={template.name}>
                    <strong>{template.name}</strong>{' '}
                    <span className="mono" data-testid="template-mandatory">
                      {template.mandatoryComponents.join(', ') || 'no mandatory components'}
                    </span>{' '}
                    <span className="mono muted" data-testid="template-defaults">
                      {describeDefaults(template.componentDefaults)}
                    </span>{' '}
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Edit template ${template.name}`}
                      onClick={() => setEditing({ zone, template })}
                      data-testid="template-edit"
                      {...blockedProps(editBlocked)}
                    >
                      Edit
                    </button>{' '}
                    <button
                      type="button"
                      className="button button--small button--danger"
                      aria-label={`Delete template ${template.name}`}
                      onClick={() => setRemoving({ zone: zone.id, template: template.id })}
                      data-testid="template-delete"
                      {...blockedProps(deleteBlocked)}
                    >
                      Delete
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ))
      )}
      {creating && (
        <TemplateDialog
          zones={zones}
          onCancel={() => setCreating(false)}
          onSaved={(name) => {
            setCreating(false);
            notifier.success(`Created template ${name}`);
            onChanged();
          }}
        />
      )}
      {editing && (
        <TemplateDialog
          zones={zones}
          editing={editing}
          onCancel={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            notifier.success(`Saved template ${name}`);
            onChanged();
          }}
        />
      )}
      {removing && (
        <FormDialog
          name="template-remove"
          title="Delete this template?"
          submitLabel="Delete template"
          intro="A template that environments were created from is not deleted."
          onCancel={() => setRemoving(null)}
          onSubmit={async () => {
            const removed = await api.deleteEnvironmentTemplate({ landingZone: removing.zone, template: removing.template });
            setRemoving(null);
            notifier.success(`Deleted template ${removed.name}`);
            onChanged();
          }}
        >
          <p className="card__text">This cannot be undone.</p>
        </FormDialog>
      )}
    </section>
  );
}

type Template = LandingZone['templates'][number];

/** Creates a template, or edits one (`editing`): its landing zone stays; name, components and defaults change. */
function TemplateDialog({
  zones,
  editing,
  onCancel,
  onSaved,
}: {
  zones: LandingZone[];
  editing?: { zone: LandingZone; template: Template };
  onCancel(): void;
  onSaved(name: string): void;
}) {
  const api = useApi();
  const loadComponents = useCallback(() => api.listComponents({}), [api]);
  const components = useApiResource(loadComponents, 'Could not list components', 'templates');
  const [zone, setZone] = useState(editing?.zone.name ?? zones[0]?.name ?? '');
  const [name, setName] = useState(editing?.template.name ?? '');
  const [mandatory, setMandatory] = useState<string[]>(editing?.template.mandatoryComponents ?? []);
  const [defaults, setDefaults] = useState<DefaultRow[]>(() => (editing ? toDefaultRows(editing.template.componentDefaults) : []));
  return (
    <FormDialog
      name={editing ? 'edit-template' : 'new-template'}
      title={editing ? `Edit template ${editing.template.name}` : 'New environment template'}
      submitLabel={editing ? 'Save template' : 'Create template'}
      wide
      intro={
        editing
          ? 'Environments made from this template keep what their provisioning deployed until they are provisioned again (Provision again on their card, or Retry after a failure), which deploys what is given here.'
          : 'Environments made from this template must include its mandatory components, deployed with the default parameters given here.'
      }
      onCancel={onCancel}
      onSubmit={async () => {
        if (!name.trim()) throw new Error('Enter a name for the template.');
        const given = toComponentDefaults(defaults, mandatory);
        if (!given.ok) throw new Error(given.problems.join(' '));
        const componentDefaults = given.defaults;
        if (editing)
          await api.updateEnvironmentTemplate({
            landingZone: editing.zone.id,
            template: editing.template.id,
            name: name.trim(),
            mandatoryComponents: mandatory,
            componentDefaults,
          });
        else
          await api.createEnvironmentTemplate({ landingZone: zone, name: name.trim(), mandatoryComponents: mandatory, componentDefaults });
        onSaved(name.trim());
      }}
    >
      <div className="form-row">
        <Field label="Landing zone">
          <select
            className="input select"
            value={zone}
            disabled={editing !== undefined}
            onChange={(event) => setZone(event.target.value)}
            data-testid="template-zone"
          >
            {zones.map((entry) => (
              <option key={entry.id} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Name" hint="Lowercase letters, digits and “-”.">
          <input
            className="input"
            autoFocus
            value={name}
            spellCheck={false}
            onChange={(event) => setName(event.target.value)}
            data-testid="template-name"
          />
        </Field>
      </div>
      <Field label="Mandatory components" hint="Hold Ctrl or Shift to pick several.">
        <select
          className="input select"
          multiple
          size={6}
          value={mandatory}
          onChange={(event) => setMandatory([...event.target.selectedOptions].map((option) => option.value))}
          data-testid="template-mandatory-input"
        >
          {(components.value ?? []).map((component) => (
            <option key={component.id} value={component.name}>
              {component.name} ({component.provider})
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="governance-rules">
        <legend className="field__label">Default parameters</legend>
        <span className="field__hint">
          Values are read as JSON where they are (8, true, ["a"], "8"), as plain text otherwise (10.9.0.0/24).
        </span>
        <DefaultsEditor mandatory={mandatory} rows={defaults} onChange={setDefaults} />
      </fieldset>
    </FormDialog>
  );
}
