import { useEffect, useState, type ReactNode } from 'react';
import { Icon } from '../../ui/Icon';
import type { ComponentContent } from '../component-content';
import { propertiesOf, readProperties, type PropertyRow } from '../contract/contract-model';
import type { DraftProblem } from '../draft-problem';
import {
  bindingFromForm,
  bindingMismatch,
  formFromBinding,
  orphanBindings,
  RESOLVER_KINDS,
  RESOLVER_LABELS,
  setBinding,
  type BindingErrors,
  type BindingField,
  type BindingForm,
  type ResolverKind,
} from './binding-model';

export interface BindingEditorProps {
  content: ComponentContent;
  readOnly: boolean;
  /** Bumped when the content was replaced from the server or another version is shown. */
  generation: string;
  problem: DraftProblem | null;
  onEdit(update: (content: ComponentContent) => ComponentContent): void;
  onPending(key: string, message: string | null): void;
}

/**
 * Which resolver fills each input at plan time: none (the user or a wire gives it), an IPAM address or
 * subnet, a name from a naming pattern, an image from the image catalog, or a generated secret.
 */
export function BindingEditor({ content, readOnly, generation, problem, onEdit, onPending }: BindingEditorProps) {
  const rows = readProperties(content.inputSchema);
  const orphans = orphanBindings(content.resolverBindings, Object.keys(propertiesOf(content.inputSchema)));
  const bindingProblem = problem?.area === 'bindings' ? problem : null;

  if (rows.length === 0) {
    return (
      <p className="card__text contract-empty" data-testid="bindings-empty">
        This component has no inputs, so there is nothing a resolver could fill. Add inputs in the Contract tab first.
      </p>
    );
  }

  return (
    <div className="binding-editor" data-testid="binding-editor">
      <p className="section-hint">
        A bound input is filled at plan time by the landing zone&apos;s resolver, before the program runs; a value given by the user or a
        wire still wins. Resolvers produce strings, so only string inputs can be bound.
      </p>
      {bindingProblem && bindingProblem.property === null && (
        <div className="inline-problem" role="alert" data-testid="bindings-problem">
          <Icon name="alert" size={14} />
          <span>{bindingProblem.message}</span>
        </div>
      )}
      {orphans.length > 0 && (
        <div className="inline-problem" role="alert" data-testid="bindings-orphans">
          <Icon name="alert" size={14} />
          <span>
            Bound inputs that the contract no longer has: {orphans.join(', ')}. Saving would be refused.{' '}
            {!readOnly && (
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  onEdit((current) => ({
                    ...current,
                    resolverBindings: orphans.reduce((bindings, name) => setBinding(bindings, name, null), current.resolverBindings),
                  }))
                }
              >
                Remove them
              </button>
            )}
          </span>
        </div>
      )}
      <div className="table-scroll">
        <table className="data-table binding-table">
          <thead>
            <tr>
              <th scope="col">Input</th>
              <th scope="col">Resolved by</th>
              <th scope="col">Settings</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <BindingRow
                key={`${row.name}:${generation}`}
                row={row}
                binding={content.resolverBindings[row.name]}
                readOnly={readOnly}
                problem={bindingProblem?.property === row.name ? bindingProblem.message : null}
                onEdit={onEdit}
                onPending={onPending}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

interface BindingRowProps {
  row: PropertyRow;
  binding: unknown;
  readOnly: boolean;
  problem: string | null;
  onEdit(update: (content: ComponentContent) => ComponentContent): void;
  onPending(key: string, message: string | null): void;
}

function BindingRow({ row, binding, readOnly, problem, onEdit, onPending }: BindingRowProps) {
  const [form, setForm] = useState<BindingForm>(() => formFromBinding(binding));
  const { errors } = bindingFromForm(form);
  const mismatch = bindingMismatch(form, row.schema);
  const pendingKey = `binding:${row.name}`;
  const pending = Object.values(errors).join(' ');
  useEffect(() => {
    onPending(pendingKey, pending ? `Binding of ${row.name}: ${pending}` : null);
  }, [onPending, pendingKey, pending, row.name]);
  useEffect(() => () => onPending(pendingKey, null), [onPending, pendingKey]);

  const update = (patch: Partial<BindingForm>) => {
    const next = { ...form, ...patch };
    setForm(next);
    const result = bindingFromForm(next);
    if (Object.keys(result.errors).length === 0)
      onEdit((current) => ({ ...current, resolverBindings: setBinding(current.resolverBindings, row.name, result.binding) }));
  };

  return (
    <tr
      data-testid="binding-row"
      data-name={row.name}
      data-resolver={form.resolver}
      data-problem={problem ? 'true' : undefined}
      className={problem ? 'contract-table__row--problem' : undefined}
    >
      <th scope="row" className="data-table__name">
        <span className="mono">{row.name}</span>
        <span className="data-table__description">
          {row.type === 'custom' ? 'custom' : row.type}
          {typeof row.schema['format'] === 'string' ? ` (${row.schema['format']})` : ''}
          {row.required ? ' · required' : ''}
        </span>
      </th>
      <td>
        <select
          className="input input--small select"
          value={form.resolver}
          disabled={readOnly}
          aria-label={`Resolver of ${row.name}`}
          onChange={(event) => update({ resolver: event.target.value as ResolverKind })}
          data-testid="binding-resolver"
        >
          {RESOLVER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {RESOLVER_LABELS[kind]}
            </option>
          ))}
        </select>
        {mismatch && (
          <span className="field__problem" data-testid="binding-mismatch">
            {mismatch}
          </span>
        )}
        {problem && (
          <span className="field__problem" role="alert" data-testid="binding-problem">
            {problem}
          </span>
        )}
      </td>
      <td>
        <BindingSettings form={form} errors={errors} readOnly={readOnly} name={row.name} onChange={update} />
      </td>
    </tr>
  );
}

function SettingField({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <label className="binding-setting">
      <span className="binding-setting__label">{label}</span>
      {children}
      {error && <span className="field__problem">{error}</span>}
    </label>
  );
}

function BindingSettings({
  form,
  errors,
  readOnly,
  name,
  onChange,
}: {
  form: BindingForm;
  errors: BindingErrors;
  readOnly: boolean;
  name: string;
  onChange(patch: Partial<BindingForm>): void;
}) {
  const text = (field: BindingField, label: string, placeholder: string, width = 'input--small') => (
    <SettingField label={label} error={errors[field]}>
      <input
        className={`input ${width}`}
        value={form[field]}
        readOnly={readOnly}
        placeholder={placeholder}
        aria-invalid={errors[field] !== undefined}
        aria-label={`${label} for ${name}`}
        onChange={(event) => onChange({ [field]: event.target.value })}
        data-testid={`binding-${field}`}
      />
    </SettingField>
  );
  switch (form.resolver) {
    case 'none':
      return <span className="muted">Given by the user or wired from another component.</span>;
    case 'ipam':
      return (
        <div className="binding-settings">
          <SettingField label="Allocate">
            <select
              className="input input--small select"
              value={form.allocate}
              disabled={readOnly}
              aria-label={`Allocate for ${name}`}
              onChange={(event) => onChange({ allocate: event.target.value as BindingForm['allocate'] })}
              data-testid="binding-allocate"
            >
              <option value="address">an address</option>
              <option value="subnet">a subnet</option>
              <option value="gateway">the gateway</option>
            </select>
          </SettingField>
          {form.allocate !== 'gateway' && text('prefix', 'Prefix length', form.allocate === 'subnet' ? 'e.g. 24' : 'optional')}
          {form.allocate === 'subnet'
            ? text('pool', 'Pool', "environment's pool")
            : text('pool', 'Pool', "network's subnet or environment's pool", 'input--wide')}
        </div>
      );
    case 'naming':
      return (
        <div className="binding-settings">
          <SettingField label="Gives">
            <select
              className="input input--small select"
              value={form.output}
              disabled={readOnly}
              aria-label={`Naming output for ${name}`}
              onChange={(event) => onChange({ output: event.target.value as BindingForm['output'] })}
              data-testid="binding-output"
            >
              <option value="name">a name</option>
              <option value="domain">the DNS domain</option>
            </select>
          </SettingField>
          {form.output === 'name' && text('pattern', 'Pattern', "environment's pattern, e.g. {env}-{type}-{seq}", 'input--wide')}
        </div>
      );
    case 'image_catalog':
      return (
        <div className="binding-settings">
          {text('osFamily', 'OS family', 'e.g. debian')}
          {text('osVersion', 'OS version', 'e.g. 12')}
          <SettingField label="Architecture">
            <select
              className="input input--small select"
              value={form.arch}
              disabled={readOnly}
              aria-label={`Architecture for ${name}`}
              onChange={(event) => onChange({ arch: event.target.value as BindingForm['arch'] })}
              data-testid="binding-arch"
            >
              <option value="">any</option>
              <option value="amd64">amd64</option>
              <option value="arm64">arm64</option>
            </select>
          </SettingField>
          <SettingField label="Kind">
            <select
              className="input input--small select"
              value={form.imageKind}
              disabled={readOnly}
              aria-label={`Image kind for ${name}`}
              onChange={(event) => onChange({ imageKind: event.target.value as BindingForm['imageKind'] })}
              data-testid="binding-kind"
            >
              <option value="">any</option>
              <option value="disk-image">disk image (VM)</option>
              <option value="container-template">container template</option>
            </select>
          </SettingField>
        </div>
      );
    case 'secret':
      return <div className="binding-settings">{text('length', 'Length', 'default length')}</div>;
  }
}
