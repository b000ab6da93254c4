import { useState } from 'react';
import { Field, FormDialog } from '../ui/FormDialog';
import { eventTypeProblem, parsePayload } from './event-entry';
import type { EventLogEntry, StackInstance } from './instance-entities';

export interface SendEventDialogProps {
  instance: StackInstance;
  onCancel(): void;
  /** Routes the event; throwing keeps the dialog open with the message. */
  onSend(type: string, payload: Record<string, unknown>): Promise<EventLogEntry>;
}

/**
 * Routes a manual event to one instance through its stack's routing rules, as a poller or webhook
 * would: for trying rules out, or telling Nimbus about something it cannot see.
 */
export function SendEventDialog({ instance, onCancel, onSend }: SendEventDialogProps) {
  const [type, setType] = useState('');
  const [payload, setPayload] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const typeProblem = eventTypeProblem(type);
  const parsed = parsePayload(payload);
  const payloadProblem = 'error' in parsed ? parsed.error : null;
  return (
    <FormDialog
      name="send-event"
      title={`Send an event to ${instance.name}`}
      submitLabel="Send event"
      intro="The event goes through the stack's routing rules like one from a poller or a webhook; the event log shows what it did."
      wide
      onCancel={onCancel}
      onSubmit={async () => {
        setSubmitted(true);
        if (typeProblem) throw new Error(typeProblem);
        if ('error' in parsed) throw new Error(parsed.error);
        await onSend(type, parsed.payload);
      }}
    >
      <Field label="Type" hint={submitted && typeProblem ? typeProblem : 'Dot-separated lowercase words, e.g. local.vm.removed.'}>
        <input
          className="input mono"
          autoFocus
          value={type}
          onChange={(event) => setType(event.target.value.trim())}
          placeholder="local.vm.removed"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={submitted && typeProblem !== null ? true : undefined}
          data-testid="send-event-type"
        />
      </Field>
      <Field label="Payload (JSON object)" optional hint={payloadProblem ?? 'Readable by routing filters as event.<key>.'}>
        <textarea
          className="input textarea mono"
          rows={5}
          value={payload}
          onChange={(event) => setPayload(event.target.value)}
          placeholder='{"slot": "web2"}'
          spellCheck={false}
          aria-invalid={payloadProblem !== null ? true : undefined}
          data-testid="send-event-payload"
        />
      </Field>
    </FormDialog>
  );
}
