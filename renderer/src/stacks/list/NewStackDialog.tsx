import { useEffect, useState } from 'react';
import type { StackDetail } from '../../../../engine/api/schemas/stacks';
import { NAME_MAX_LENGTH } from '../../../../engine/common/identifiers';
import { useApi } from '../../api/ApiProvider';
import { Field, FormDialog } from '../../ui/FormDialog';
import { stackNameProblem } from '../model/stack-list';
import { STACK_TEMPLATES, templateDocument, type StackTemplateId } from '../model/stack-templates';

export interface NewStackDialogProps {
  taken: readonly string[];
  create(name: string, document: ReturnType<typeof templateDocument>, shared: boolean): Promise<StackDetail>;
  onCreated(detail: StackDetail): void;
  onCancel(): void;
}

/** Names a new stack and picks what it starts from; the engine's refusal stays in the dialog. */
export function NewStackDialog({ taken, create, onCreated, onCancel }: NewStackDialogProps) {
  const api = useApi();
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<StackTemplateId>('empty');
  const [shared, setShared] = useState(false);
  const [components, setComponents] = useState<string[] | null>(null);
  const [component, setComponent] = useState('');

  // An empty stack still needs one slot: offer the published components.
  useEffect(() => {
    let cancelled = false;
    api.listComponents({}).then(
      (all) => {
        if (cancelled) return;
        const refs = all
          .filter((entry) => entry.latestVersion !== null)
          .map((entry) => `${entry.name}@${entry.latestVersion}`)
          .sort();
        setComponents(refs);
        setComponent((current) => current || (refs.find((ref) => ref.startsWith('local-vm@')) ?? refs[0] ?? ''));
      },
      () => setComponents([]),
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  const chosen = STACK_TEMPLATES.find((entry) => entry.id === template);
  return (
    <FormDialog
      name="new-stack"
      title="New stack"
      submitLabel="Create"
      wide
      intro="A stack is a versioned blueprint: components in slots wired together, parameters, a state machine and day-2 operations. Its draft saves as you edit; publish a version when it is ready."
      onCancel={onCancel}
      onSubmit={async () => {
        const problem = stackNameProblem(name, taken);
        if (problem) throw new Error(problem);
        if (template === 'empty' && !component)
          throw new Error('Choose the component of the first slot (a stack needs at least one slot).');
        onCreated(await create(name, templateDocument(template, component), shared));
      }}
    >
      <Field label="Name" hint="Lowercase letters, digits and -; it is how topologies and instances name the stack.">
        <input
          className="input"
          autoFocus
          value={name}
          placeholder="e.g. ha-web"
          maxLength={NAME_MAX_LENGTH}
          onChange={(event) => setName(event.target.value)}
          data-testid="new-stack-name"
        />
      </Field>
      <Field label="Start from" hint={chosen?.description}>
        <select
          className="input select"
          value={template}
          onChange={(event) => setTemplate(event.target.value as StackTemplateId)}
          data-testid="new-stack-template"
        >
          {STACK_TEMPLATES.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
      </Field>
      {template === 'empty' && (
        <Field label="First slot’s component" hint="A published component; add more slots in the editor.">
          <select
            className="input select"
            value={component}
            onChange={(event) => setComponent(event.target.value)}
            disabled={components === null}
            data-testid="new-stack-component"
          >
            {components === null && <option value="">Loading…</option>}
            {components?.map((ref) => (
              <option key={ref}>{ref}</option>
            ))}
          </select>
        </Field>
      )}
      <label className="stack-check">
        <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} data-testid="new-stack-shared" />
        <span>Shared: provider-level, visible to every tenant (otherwise only this tenant sees it)</span>
      </label>
    </FormDialog>
  );
}
