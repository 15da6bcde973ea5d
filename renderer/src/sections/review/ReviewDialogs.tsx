import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useReview } from '../../store/review-store';
import { shortcutGroups } from './shortcuts';

/** Common reasons a step cannot be judged from a recording; offered as suggestions, any text is allowed. */
const NOT_ASSESSABLE_REASONS = ['outOfFrame', 'viewBlocked', 'endsBefore', 'noAudio', 'tooDark'] as const;

/** The dialog the store asks for: submit confirmation, the reason for a locked change, or not assessable. */
export function ReviewDialogs() {
  const { t } = useTranslation('review');
  const { dialog, setDialog, submit, submitAndNext, mark, view } = useReview();
  if (!dialog) return null;
  if (dialog.kind === 'submit') {
    return (
      <Modal title={t('dialogs.submitTitle')} onCancel={() => setDialog(null)}>
        <p>{t('dialogs.submitText')}</p>
        {!view?.marking.suggestionsVisible && view?.hasSuggestions ? (
          <p className="muted">{t('dialogs.notRevealed')}</p>
        ) : null}
        <SubmitButtons
          onSubmit={() => void submit()}
          onSubmitAndNext={() => void submitAndNext()}
          onCancel={() => setDialog(null)}
        />
      </Modal>
    );
  }
  if (dialog.kind === 'notAssessable') {
    const step = view?.rubric.steps.find((s) => s.id === dialog.stepId);
    return (
      <ReasonForm
        title={t('dialogs.naTitle', { step: step?.title ?? dialog.stepId })}
        label={t('dialogs.naLabel')}
        confirmLabel={t('dialogs.naConfirm')}
        options={NOT_ASSESSABLE_REASONS.map((r) => t(`dialogs.naReasons.${r}`))}
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
      label={t('dialogs.changeLabel')}
      confirmLabel={t('dialogs.changeConfirm')}
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

function SubmitButtons({
  onSubmit,
  onSubmitAndNext,
  onCancel,
}: {
  onSubmit(): void;
  onSubmitAndNext(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation('review');
  const confirm = useRef<HTMLButtonElement>(null);
  // Focus on the confirm button, so Enter confirms and Esc (handled globally) cancels.
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div className="modal-buttons">
      <button type="button" onClick={onCancel}>
        {t('dialogs.cancel')} <kbd>{t('keys.symbolEsc')}</kbd>
      </button>
      <button type="button" onClick={onSubmitAndNext} data-testid="submit-and-next">
        {t('dialogs.submitAndNext')}
      </button>
      <button ref={confirm} type="button" className="primary" onClick={onSubmit}>
        {t('dialogs.submitConfirm')} <kbd>{t('keys.symbolEnter')}</kbd>
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
  const { t } = useTranslation('review');
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
            {t('dialogs.cancel')} <kbd>{t('keys.symbolEsc')}</kbd>
          </button>
          <button type="submit" className="primary" disabled={!reason.trim()}>
            {props.confirmLabel} <kbd>{t('keys.symbolEnter')}</kbd>
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function HelpOverlay() {
  const { t } = useTranslation('review');
  const { helpOpen, setHelp } = useReview();
  if (!helpOpen) return null;
  return (
    <Modal title={t('help.title')} onCancel={() => setHelp(false)}>
      <div className="help-grid" data-testid="shortcut-help">
        {[...shortcutGroups()].map(([group, list]) => (
          <section key={group}>
            <h3>{t(`shortcutGroups.${group}`)}</h3>
            <dl>
              {list.map((s) => (
                <div key={s.id} className="help-row">
                  <dt>
                    {s.keys.map((k) => (
                      <kbd key={k}>{k}</kbd>
                    ))}
                  </dt>
                  <dd>{t(`shortcuts.${s.id}`)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="muted">{t('help.listKeys')}</p>
    </Modal>
  );
}
