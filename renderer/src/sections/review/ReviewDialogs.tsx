import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useReview } from '../../store/review-store';
import { SHORTCUTS, type Shortcut } from './shortcuts';

/** Common reasons a step cannot be judged from a recording; offered as suggestions, any text is allowed. */
const NOT_ASSESSABLE_REASONS = [
  'Out of frame',
  'View blocked',
  'Recording ends before the step',
  'No audio',
  'Too dark or blurred',
];

/** The dialog the store asks for: submit confirmation, the reason for a locked change, or not assessable. */
export function ReviewDialogs() {
  const { dialog, setDialog, submit, mark, view } = useReview();
  if (!dialog) return null;
  if (dialog.kind === 'submit') {
    return (
      <Modal title="Submit this marking?" onCancel={() => setDialog(null)}>
        <p>
          Submitting locks your marks. Changing one afterwards needs a reason, and the change is recorded in the audit
          trail.
        </p>
        {!view?.marking.suggestionsVisible && view?.hasSuggestions ? (
          <p className="muted">You have not revealed the model suggestions. That is fine: they are assistance only.</p>
        ) : null}
        <ConfirmButtons
          confirmLabel="Submit and lock"
          onConfirm={() => void submit()}
          onCancel={() => setDialog(null)}
        />
      </Modal>
    );
  }
  if (dialog.kind === 'notAssessable') {
    const step = view?.rubric.steps.find((s) => s.id === dialog.stepId);
    return (
      <ReasonForm
        title={`Not assessable: ${step?.title ?? dialog.stepId}`}
        label="Why can this step not be judged from this video?"
        confirmLabel="Mark not assessable"
        options={NOT_ASSESSABLE_REASONS}
        onCancel={() => setDialog(null)}
        onSubmit={(reason) => {
          setDialog(null);
          void mark(dialog.stepId, { notAssessable: { reason } });
        }}
      />
    );
  }
  return (
    <ReasonForm
      title={dialog.title}
      label="This marking is submitted. Why are you changing it?"
      confirmLabel="Change with this reason"
      onCancel={() => setDialog(null)}
      onSubmit={(reason) => {
        setDialog(null);
        void dialog.run(reason);
      }}
    />
  );
}

function Modal({ title, children, onCancel }: { title: string; children: ReactNode; onCancel(): void }) {
  return (
    <div className="modal-backdrop" onClick={onCancel} role="presentation">
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} onClick={(e) => e.stopPropagation()}>
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}

function ConfirmButtons({
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const confirm = useRef<HTMLButtonElement>(null);
  // Focus on the confirm button, so Enter confirms and Esc (handled globally) cancels.
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div className="modal-buttons">
      <button type="button" onClick={onCancel}>
        Cancel <kbd>Esc</kbd>
      </button>
      <button ref={confirm} type="button" className="primary" onClick={onConfirm}>
        {confirmLabel} <kbd>Enter</kbd>
      </button>
    </div>
  );
}

function ReasonForm(props: {
  title: string;
  label: string;
  confirmLabel: string;
  options?: string[];
  onSubmit(reason: string): void;
  onCancel(): void;
}) {
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) props.onSubmit(reason.trim());
  };
  return (
    <Modal title={props.title} onCancel={props.onCancel}>
      <form onSubmit={send} className="reason-form">
        <label>
          {props.label}
          <input
            ref={input}
            value={reason}
            maxLength={500}
            list={props.options ? 'reason-options' : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        {props.options ? (
          <datalist id="reason-options">
            {props.options.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        ) : null}
        <div className="modal-buttons">
          <button type="button" onClick={props.onCancel}>
            Cancel <kbd>Esc</kbd>
          </button>
          <button type="submit" className="primary" disabled={!reason.trim()}>
            {props.confirmLabel} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function HelpOverlay() {
  const { helpOpen, setHelp } = useReview();
  if (!helpOpen) return null;
  const groups = new Map<string, Shortcut[]>();
  for (const s of SHORTCUTS) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return (
    <Modal title="Keyboard shortcuts" onCancel={() => setHelp(false)}>
      <div className="help-grid" data-testid="shortcut-help">
        {[...groups].map(([group, list]) => (
          <section key={group}>
            <h3>{group}</h3>
            <dl>
              {list.map((s) => (
                <div key={s.id} className="help-row">
                  <dt>
                    {s.keys.map((k) => (
                      <kbd key={k}>{k}</kbd>
                    ))}
                  </dt>
                  <dd>{s.description}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="muted">In the recordings list: j / k or arrows move, Enter opens, / searches.</p>
    </Modal>
  );
}
