import { useMemo, useState, type ReactNode, type Ref } from 'react';
import type { NodeResolution } from '../../api/entities';
import { Icon } from '../../ui/Icon';
import type { InspectedNode, PlannerEditor } from '../create-planner-editor';
import { schemaToFields } from './form-fields';
import { ParamField } from './ParamField';
import { useBlockedReason } from '../../permissions/PermissionProvider';

export interface NodeInspectorProps {
  node: InspectedNode;
  editor: PlannerEditor;
  /** See `PlannerEditorState.structureVersion`: the wire sources are worked out again when it changes. */
  structureVersion: number;
  /** The plan's view of this node, when there is a plan. */
  resolution: NodeResolution | null;
  environment: string | null;
  /** The panel, for moving the focus into it from the keyboard. */
  rootRef: Ref<HTMLElement>;
  onClose(): void;
  /** Concurrent edits of this node left as conflicts (shared topologies), listed above its fields. */
  conflicts?: ReactNode;
  /** The node's monthly cost estimate, shown below its fields. */
  cost?: ReactNode;
}

/**
 * The selected node's parameters as a form generated from its component's input schema. Every edit
 * goes through the canvas' history, so Undo takes it back like any other edit. Values that come from
 * elsewhere say so: a resolver's preview with its source, a wire's upstream output (read-only).
 */
export function NodeInspector({
  node,
  editor,
  structureVersion,
  resolution,
  environment,
  rootRef,
  onClose,
  conflicts,
  cost,
}: NodeInspectorProps) {
  const { contract } = node;
  const fields = useMemo(
    () => (contract ? schemaToFields(contract.inputSchema, { bindings: contract.bindings, secretInputs: contract.secretInputs }) : []),
    [contract],
  );
  // Which outputs each input could be wired from; only the graph's shape matters, not where nodes are.
  const sources = useMemo(
    () =>
      new Map(
        fields.map((field) => [field.key, editor.wireSources(node.id, field.key).filter((source) => source.refusal === null)] as const),
      ),
    // structureVersion stands for the graph the editor holds.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [editor, node.id, fields, structureVersion],
  );
  // Issues name their input as `params.<key>`; a wire's issue (`wires.<id>`) belongs to the input it feeds.
  const wireInputs = new Map(Object.entries(node.wires).map(([input, wire]) => [wire.wireId, input] as const));
  const problemsOf = (key: string): string[] =>
    (resolution?.issues ?? []).flatMap((issue) => {
      const param = /^params\.([^.]+)/.exec(issue.path)?.[1];
      const wire = /^wires\.(.+)$/.exec(issue.path)?.[1];
      return param === key || (wire !== undefined && wireInputs.get(wire) === key) ? [issue.message] : [];
    });
  const editBlocked = useBlockedReason('saveTopology');
  const known = new Set(fields.map((field) => field.key));
  const unknownParams = Object.keys(node.params).filter((key) => !known.has(key));

  return (
    <aside ref={rootRef} className="planner-inspector" aria-label="Inspector" data-testid="planner-inspector" data-node-id={node.id}>
      <header className="planner-inspector__header">
        <h2 className="planner-inspector__title">
          <Icon name="settings" size={16} />
          Inspector
        </h2>
        <span className="planner-inspector__spacer" />
        <button
          type="button"
          className="button button--icon button--ghost"
          title="Close (Escape on the canvas)"
          aria-label="Close the inspector"
          onClick={onClose}
          data-testid="inspector-close"
        >
          <Icon name="close" size={16} />
        </button>
      </header>
      <div className="planner-inspector__body">
        {conflicts}
        <EditableFields blocked={editBlocked}>
          <LabelField key={`${node.id}:${node.label}`} label={node.label} onRename={(label) => void editor.renameNode(node.id, label)} />
          <dl className="planner-inspector__facts">
            <div>
              <dt>Component</dt>
              <dd className="mono" data-testid="inspector-component">
                {node.component}
              </dd>
            </div>
            {contract && (
              <div>
                <dt>Type</dt>
                <dd>
                  {contract.semanticType} on {contract.provider}
                </dd>
              </div>
            )}
            <div>
              <dt>Status</dt>
              <dd data-testid="inspector-status" data-status={node.overlay.status ?? 'none'}>
                {node.overlay.status
                  ? `${node.overlay.status} — ${node.overlay.statusDetail}`
                  : environment
                    ? 'planning…'
                    : 'choose an environment to plan'}
              </dd>
            </div>
          </dl>
          {resolution && resolution.issues.length > 0 && (
            <div className="form-error planner-inspector__issues" role="alert" data-testid="inspector-issues">
              <strong>
                {resolution.issues.length} {resolution.issues.length === 1 ? 'problem' : 'problems'} in the plan
              </strong>
              <ul className="form-error__details">
                {resolution.issues.map((issue, index) => (
                  <li key={index} data-testid="inspector-issue">
                    {issue.path && <span className="mono">{issue.path}: </span>}
                    {issue.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {!contract ? (
            <p className="planner-inspector__hint" data-testid="inspector-no-contract">
              <span className="mono">{node.component}</span> names no published component version (expected{' '}
              <span className="mono">name@version</span>), so its parameters have no form. Its values are kept as they are.
            </p>
          ) : (
            <form
              className="planner-inspector__form"
              key={node.id}
              onSubmit={(event) => event.preventDefault()}
              aria-label={`Parameters of ${node.label}`}
            >
              {fields.length === 0 && <p className="planner-inspector__hint">This component takes no parameters.</p>}
              {fields.map((field) => {
                const wire = node.wires[field.key];
                return (
                  <ParamField
                    key={field.key}
                    field={field}
                    value={node.params[field.key]}
                    wire={wire}
                    resolved={resolution?.values[field.key]}
                    planProblems={problemsOf(field.key)}
                    sources={wire ? [] : (sources.get(field.key) ?? [])}
                    onCommit={(value) => void editor.setParam(node.id, field.key, value)}
                    onWire={(source) =>
                      void editor.connect({ source: source.sourceId, output: source.output, target: node.id, input: field.key })
                    }
                    onUnwire={() => wire && void editor.disconnect(wire.wireId)}
                  />
                );
              })}
              {unknownParams.length > 0 && (
                <p className="planner-inspector__hint" data-testid="inspector-unknown-params">
                  Also set, but not inputs of {contract.ref}: <span className="mono">{unknownParams.join(', ')}</span>.
                </p>
              )}
            </form>
          )}
        </EditableFields>
        {cost}
      </div>
    </aside>
  );
}

/** The node's label, renamed on Enter or when focus leaves (one undo step). */
function LabelField({ label, onRename }: { label: string; onRename(label: string): void }) {
  const [draft, setDraft] = useState(label);
  const commit = () => {
    if (draft.trim() === '') setDraft(label);
    else if (draft.trim() !== label) onRename(draft);
  };
  return (
    <label className="field planner-inspector__label-field">
      <span className="field__label">Label</span>
      <input
        className="input"
        value={draft}
        maxLength={200}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
        spellCheck={false}
        data-testid="inspector-label"
      />
    </label>
  );
}

/** The inspector's fields, disabled (with the reason) for a user who may not change the topology. */
function EditableFields({ blocked, children }: { blocked: string | null; children: ReactNode }) {
  if (blocked === null) return <>{children}</>;
  return (
    <fieldset disabled className="planner-inspector__fieldset" title={blocked} data-testid="inspector-read-only">
      {children}
    </fieldset>
  );
}
