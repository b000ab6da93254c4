import { useState } from 'react';
import { COMPONENT_NAME_PATTERN, NAME_MAX_LENGTH } from '../../../engine/common/identifiers';
import { useApi } from '../api/ApiProvider';
import type { ComponentDetail, SemanticCatalog } from '../api/entities';
import { Field, FormDialog } from '../ui/FormDialog';
import { defaultTemplate, templatesFor } from './templates/code-templates';

export interface NewComponentDialogProps {
  catalog: SemanticCatalog | null;
  onCreated(component: ComponentDetail): void;
  onCancel(): void;
}

/** Why a component name would be refused, or null (the engine checks it again). */
export function componentNameProblem(name: string): string | null {
  if (name === '') return 'Enter a name.';
  if (!COMPONENT_NAME_PATTERN.test(name))
    return 'Use 2–63 lowercase letters, digits and dashes, starting with a letter (e.g. web-vm): topologies refer to it as name@version.';
  return null;
}

/** Asks what the new component is (name, provider, semantic type) and which program it starts from. */
export function NewComponentDialog({ catalog, onCreated, onCancel }: NewComponentDialogProps) {
  const api = useApi();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [provider, setProvider] = useState('local');
  const [semanticType, setSemanticType] = useState('');
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [description, setDescription] = useState('');

  const providers = catalog?.providers ?? [];
  const types = (catalog?.types ?? []).filter((type) => provider in type.providers);
  const chosenType = types.some((type) => type.id === semanticType) ? semanticType : (types[0]?.id ?? '');
  const templates = templatesFor(provider);
  const template = templates.find((entry) => entry.id === templateId) ?? defaultTemplate(provider, chosenType);
  const nameProblem = componentNameProblem(name.trim());

  return (
    <FormDialog
      name="new-component"
      title="New component"
      submitLabel="Create"
      wide
      intro="A component is one semantic type on one provider: a Pulumi program with a typed contract. It starts as a draft; publish it to use it in topologies."
      onCancel={onCancel}
      onSubmit={async () => {
        setTouched(true);
        if (nameProblem) throw new Error(nameProblem);
        if (!chosenType)
          throw new Error(
            catalog
              ? `The ${provider} provider maps no semantic type; pick another provider.`
              : 'The semantic catalog has not loaded yet; try again in a moment.',
          );
        onCreated(
          await api.createComponent({
            name: name.trim(),
            provider,
            semanticType: chosenType,
            content: { description: description.trim(), ...structuredClone(template.content) },
          }),
        );
      }}
    >
      <Field
        label="Name"
        hint={
          touched && nameProblem ? (
            <span className="field__problem">{nameProblem}</span>
          ) : (
            'Lowercase, e.g. web-vm; it cannot be changed later.'
          )
        }
      >
        <input
          className="input"
          autoFocus
          value={name}
          maxLength={NAME_MAX_LENGTH}
          placeholder="e.g. web-vm"
          aria-invalid={touched && nameProblem !== null}
          onChange={(event) => setName(event.target.value)}
          onBlur={() => setTouched(name !== '')}
          data-testid="new-component-name"
        />
      </Field>
      <Field label="Provider">
        <select
          className="input select"
          value={provider}
          onChange={(event) => {
            setProvider(event.target.value);
            setTemplateId(null);
          }}
          data-testid="new-component-provider"
        >
          {(providers.includes(provider) ? providers : [provider, ...providers]).map((entry) => (
            <option key={entry} value={entry}>
              {entry}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Semantic type" hint={types.find((type) => type.id === chosenType)?.description}>
        <select
          className="input select"
          value={chosenType}
          onChange={(event) => setSemanticType(event.target.value)}
          disabled={types.length === 0}
          data-testid="new-component-type"
        >
          {types.length === 0 && <option value="">{catalog ? 'No semantic type for this provider' : 'Loading…'}</option>}
          {types.map((type) => (
            <option key={type.id} value={type.id}>
              {type.id} — {type.providers[provider]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Start from" hint={template.summary}>
        <select
          className="input select"
          value={template.id}
          onChange={(event) => setTemplateId(event.target.value)}
          data-testid="new-component-template"
        >
          {templates.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Description" optional>
        <input
          className="input"
          value={description}
          maxLength={2000}
          placeholder="What it creates, in one sentence"
          onChange={(event) => setDescription(event.target.value)}
          data-testid="new-component-description"
        />
      </Field>
    </FormDialog>
  );
}
