import { useCallback, useState } from 'react';
import type { MethodOutput } from '../../../engine/api/contract';
import type { NotificationEventType } from '../../../engine/common/notification-events';
import { useApi } from '../api/ApiProvider';
import { toApiError } from '../api/api-error';
import { useApiResource } from '../api/use-api-resource';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { blockedProps } from '../permissions/blocked-props';
import { useNotifier } from '../toasts/ToastProvider';
import { Tag } from '../ui/Tag';
import { Loading } from './DeadLettersTab';
import { EVENT_DESCRIPTION } from './event-labels';
import { LoadProblem } from './LoadProblem';
import { describeNotificationError, templateProblem } from './notification-error';

type Template = MethodOutput<'listNotificationTemplates'>[number];

/** The subject and body of each event type's notifications; a refused template shows the problem at its field. */
export function TemplatesTab({ refreshKey }: { refreshKey: unknown }) {
  const api = useApi();
  const load = useCallback(() => api.listNotificationTemplates({}), [api]);
  const templates = useApiResource(load, null, refreshKey);
  const [selected, setSelected] = useState<NotificationEventType | null>(null);

  if (templates.value === null)
    return templates.error ? <LoadProblem error={templates.error} what="the templates" onRetry={templates.reload} /> : <Loading />;
  const current = templates.value.find((t) => t.eventType === selected) ?? templates.value[0];
  if (!current) return null;
  return (
    <div className="notify-templates">
      <ul className="notify-templates__list" aria-label="Event types">
        {templates.value.map((t) => (
          <li key={t.eventType}>
            <button
              type="button"
              className={`notify-templates__item${t.eventType === current.eventType ? ' notify-templates__item--active' : ''}`}
              aria-current={t.eventType === current.eventType ? 'true' : undefined}
              onClick={() => setSelected(t.eventType)}
              data-testid={`template-${t.eventType}`}
            >
              <span className="mono">{t.eventType}</span>
              {t.custom && <Tag tone="accent">custom</Tag>}
            </button>
          </li>
        ))}
      </ul>
      <TemplateEditor key={`${current.eventType}:${current.updatedAt ?? ''}`} template={current} onSaved={templates.reload} />
    </div>
  );
}

function TemplateEditor({ template, onSaved }: { template: Template; onSaved(): void }) {
  const api = useApi();
  const notifier = useNotifier();
  const blocked = useBlockedReason('saveNotificationTemplate');
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [problem, setProblem] = useState<{ part: 'subject' | 'body' | null; message: string; allowed: string[] } | null>(null);
  const [saving, setSaving] = useState(false);
  const changed = subject !== template.subject || body !== template.body;

  const save = async () => {
    setSaving(true);
    try {
      await api.saveNotificationTemplate({ eventType: template.eventType, subject, body });
      notifier.success('Template saved', template.eventType);
      onSaved();
    } catch (error) {
      const field = templateProblem(error);
      if (field) {
        const allowed = toApiError(error).details['allowed'];
        setProblem({ ...field, allowed: Array.isArray(allowed) ? allowed.filter((p): p is string => typeof p === 'string') : [] });
      } else notifier.error(`Could not save the template: ${describeNotificationError(error).title}`, error);
    } finally {
      setSaving(false);
    }
  };

  const fieldProblem = (part: 'subject' | 'body') =>
    problem && (problem.part === part || (problem.part === null && part === 'body')) ? problem : null;
  const subjectProblem = fieldProblem('subject');
  const bodyProblem = fieldProblem('body');
  return (
    <form
      className="notify-templates__editor"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      data-testid="template-editor"
    >
      <h2 className="notify-templates__title">
        <span className="mono">{template.eventType}</span>
      </h2>
      <p className="muted">
        {EVENT_DESCRIPTION[template.eventType]}. {template.custom ? 'Your own template.' : 'The default template.'} Placeholders such as{' '}
        <span className="mono">{'{{title}}'}</span> and <span className="mono">{'{{environment}}'}</span> are filled in;{' '}
        <span className="mono">nimbus notify template list</span> names each event type's.
      </p>
      <label className="field">
        <span className="field__label">Subject</span>
        <input
          className="input"
          value={subject}
          onChange={(e) => {
            setSubject(e.target.value);
            setProblem(null);
          }}
          aria-invalid={subjectProblem ? true : undefined}
          aria-describedby={subjectProblem ? 'template-subject-problem' : undefined}
          data-testid="template-subject"
        />
        <span className="field__problem" id="template-subject-problem" data-testid="template-subject-problem">
          {subjectProblem?.message}
        </span>
      </label>
      <label className="field">
        <span className="field__label">Body</span>
        <textarea
          className="input notify-templates__body"
          value={body}
          rows={8}
          onChange={(e) => {
            setBody(e.target.value);
            setProblem(null);
          }}
          aria-invalid={bodyProblem ? true : undefined}
          aria-describedby={bodyProblem ? 'template-body-problem' : undefined}
          data-testid="template-body"
        />
        <span className="field__problem" id="template-body-problem" data-testid="template-body-problem">
          {bodyProblem?.message}
        </span>
      </label>
      <div className="dialog__actions">
        <button
          type="button"
          className="button"
          disabled={!changed || saving}
          onClick={() => {
            setSubject(template.subject);
            setBody(template.body);
            setProblem(null);
          }}
        >
          Revert
        </button>
        <button
          type="submit"
          className="button button--primary"
          {...blockedProps(blocked, { disabled: !changed || saving })}
          data-testid="template-save"
        >
          {saving ? 'Saving…' : 'Save template'}
        </button>
      </div>
    </form>
  );
}
