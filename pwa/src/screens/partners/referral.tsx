// One referral: its numbers, the department, the reason, the item it is about (never who filed it),
// its clocks (answer limit and overdue, the 3-working-day transfer limit, how many sends), the answer
// or the return with its reason, the timeline, and the steps the server allows the caller now:
// 签收, 答复 and 退回 (each needs its text), 重新转办 after a return. For a department without app
// accounts the officer records its paper answer or return, and prints the letter.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import {
  AnswerReferralMutation,
  DepartmentsQuery,
  ReceiveReferralMutation,
  ReferralQuery,
  ResendReferralMutation,
  ReturnReferralMutation,
} from '../../graphql/partner-operations';
import type { Department, Referral, ReferralPayload } from '../../graphql/partner-types';
import type { ItemStatus } from '../../graphql/types';
import { ITEM_STATUSES } from '../../graphql/types';
import { StatusChip, errorText, useHeadingFocus } from '../../ui';
import { ClockLine, Fact, Facts, OverdueChip, Said, StateChip, TextStepForm, type Message } from './common';
import {
  answerClock,
  directionKey,
  eventLabel,
  formatTime,
  isStaff,
  itemPath,
  letterPath,
  needsLetter,
  onBehalf,
  referralActions,
  transferClock,
} from './logic';

export function ReferralScreen({ id }: { id: string }) {
  const { t, lang, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [referral, setReferral] = useState<Referral | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      const { referral: r } = await call(ReferralQuery, { id });
      if (r) setReferral(r);
      else setError(t('ref.notFound'));
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  useEffect(() => {
    if (!offline) void load();
  }, [id, offline, lang]);

  return (
    <main class="content">
      <div class="screen" data-referral-id={id} data-state={referral?.state}>
        <p class="small">
          <a class="inline-link" href="/referrals">
            {t('ref.back')}
          </a>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {referral ? referral.reference : t('referral.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error && !referral ? 'error' : 'sr-empty'}>
          {error && !referral ? error : null}
        </div>
        {!referral && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {referral && <ReferralDetails r={referral} onChange={setReferral} />}
      </div>
    </main>
  );
}

const knownStatus = (s: string): ItemStatus | null => ((ITEM_STATUSES as readonly string[]).includes(s) ? (s as ItemStatus) : null);

function ReferralDetails({ r, onChange }: { r: Referral; onChange: (r: Referral) => void }) {
  const { t, lang, user } = useEnv();
  const now = Date.now();
  const clock = answerClock(t, lang, r, now);
  const transfer = transferClock(t, lang, r);
  const place = `${r.item.communityName}${r.item.unitLabel ? ` ${r.item.unitLabel}` : ''}`;
  const staff = isStaff(user.role);
  const status = knownStatus(r.item.status);

  return (
    <>
      <p class="chips">
        <StateChip t={t} state={r.state} />
        <OverdueChip t={t} r={r} />
        <span class="chip chip-neutral" data-field="direction">
          {t(directionKey(user.role, r.direction))}
        </span>
      </p>
      <Facts>
        <Fact label={t('ref.reference')} field="reference">
          {r.reference}
        </Fact>
        {r.externalReference && (
          <Fact label={t('ref.externalReference')} field="external-reference">
            {r.externalReference}
          </Fact>
        )}
        <Fact label={t('ref.department')} field="department">
          {r.department.name}
          <span class="muted small block">{t(r.department.inApp ? 'ref.inApp' : 'ref.onPaper')}</span>
        </Fact>
        <Fact label={t(r.direction === 'OUTGOING' ? 'ref.reasonOutgoing' : 'ref.reasonIncoming')} field="reason">
          <span class="prewrap">{r.reason}</span>
        </Fact>
      </Facts>

      <section class="card" aria-labelledby="ref-clocks-heading" data-section="clocks">
        <h2 id="ref-clocks-heading">{t('ref.clocksHeading')}</h2>
        <dl class="facts">
          <Fact label={t('ref.answerDueAt')} field="answer-due">
            {formatTime(lang, r.answerDueAt)}
          </Fact>
          <Fact label={t('ref.answerClock')}>
            <ClockLine text={clock.text} tone={clock.tone} field="answer-clock" />
          </Fact>
          {transfer && (
            <Fact label={t('ref.transferDueAt')}>
              <ClockLine text={transfer.text} tone={transfer.tone} field="transfer-clock" />
            </Fact>
          )}
          <Fact label={t('ref.sentAt')} field="sent-at">
            {formatTime(lang, r.sentAt)}
          </Fact>
          <Fact label={t('ref.sends')} field="sends">
            {t('ref.sendsCount', { n: String(r.sends) })}
          </Fact>
        </dl>
      </section>

      {(r.answer || r.returnReason) && (
        <section class="card" aria-labelledby="ref-outcome-heading" data-section="outcome">
          <h2 id="ref-outcome-heading">{t(r.answer ? 'ref.answerHeading' : 'ref.returnHeading')}</h2>
          {r.answer && (
            <>
              <p class="prewrap" data-field="answer">
                {r.answer}
              </p>
              {r.answeredAt && <p class="muted small">{t('ref.answeredAt', { time: formatTime(lang, r.answeredAt) })}</p>}
            </>
          )}
          {r.returnReason && (
            <>
              {r.answer && <h3>{t('ref.returnHeading')}</h3>}
              <p class="prewrap" data-field="return-reason">
                {r.returnReason}
              </p>
              {r.returnedAt && <p class="muted small">{t('ref.returnedAt', { time: formatTime(lang, r.returnedAt) })}</p>}
            </>
          )}
        </section>
      )}

      <section class="card" aria-labelledby="ref-item-heading" data-section="item">
        <h2 id="ref-item-heading">{t('ref.itemHeading')}</h2>
        <dl class="facts">
          <Fact label={t('ref.matter')} field="matter">
            {r.item.matterName ? `${r.item.matterCode ? `${r.item.matterCode} ` : ''}${r.item.matterName}` : t('ref.matterUnsure')}
          </Fact>
          <Fact label={t('ref.place')} field="place">
            {place}
          </Fact>
          <Fact label={t('ref.description')} field="description">
            <span class="prewrap">{r.item.description}</span>
          </Fact>
          {r.item.seenAt && <Fact label={t('ref.seenAt')}>{formatTime(lang, r.item.seenAt)}</Fact>}
          <Fact label={t('ref.receivedAt')}>{formatTime(lang, r.item.receivedAt)}</Fact>
          <Fact label={t('ref.itemStatus')}>{status ? <StatusChip t={t} status={status} /> : r.item.status}</Fact>
        </dl>
        <p>
          <a class="inline-link" href={itemPath(r.item.id)} data-link="item">
            {t('ref.openItem')}
          </a>
        </p>
      </section>

      {staff && needsLetter(r) && (
        <p class="card">
          <a class="inline-link" href={letterPath(r.id)} data-link="letter">
            {t('ref.printLetter')}
          </a>
        </p>
      )}

      <ReferralSteps r={r} onChange={onChange} />

      <section aria-labelledby="ref-timeline-heading">
        <h2 id="ref-timeline-heading">{t('ref.timeline')}</h2>
        {r.events.length === 0 ? (
          <p class="muted">{t('item.timelineEmpty')}</p>
        ) : (
          <ol class="timeline" data-list="referral-events">
            {r.events.map((e, i) => (
              <li key={i} data-action={e.action} data-to-state={e.toState}>
                <p class="timeline-head">
                  <strong>{eventLabel(t, e)}</strong>
                  <span class="muted"> · {e.actorName}</span>
                  {e.onBehalf && <span class="chip chip-neutral">{t('ref.onBehalfChip')}</span>}
                </p>
                <p class="muted small">
                  <time dateTime={e.at}>{formatTime(lang, e.at)}</time>
                  {e.fromState ? ` · ${t(`ref.state.${e.fromState}`)} → ${t(`ref.state.${e.toState}`)}` : ''}
                </p>
                {e.note && <p class="prewrap">{e.note}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** The steps the server allows now (can* flags), each its own small form. */
function ReferralSteps({ r, onChange }: { r: Referral; onChange: (r: Referral) => void }) {
  const { t, user, call, offline } = useEnv();
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const actions = referralActions(r);
  const paper = onBehalf(user.role, r);

  useEffect(() => {
    if (!r.canResend || offline) return;
    call(DepartmentsQuery, {}).then(
      (d) => setDepartments(d.departments),
      () => setDepartments([]),
    );
  }, [r.canResend, offline]);

  // Done (no step left): the word that it was saved stays.
  if (actions.length === 0 && !message) return null;

  /** A payload: the new referral (and a word that it is saved), or its userErrors for the form. */
  const took = (p: ReferralPayload) => {
    if (p.referral && p.userErrors.length === 0) {
      setMessage({ tone: 'status', text: t('common.saved') });
      onChange(p.referral);
    }
    return p.userErrors;
  };

  const receive = async () => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const { receiveReferral } = await call(ReceiveReferralMutation, { id: r.id });
      const errors = took(receiveReferral);
      if (errors.length > 0) setMessage({ tone: 'alert', text: errors.map((u) => u.message).join(' ') });
    } catch (e) {
      setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card actions-card" aria-labelledby="ref-steps-heading" data-section="steps">
      <h2 id="ref-steps-heading">{t('item.actions')}</h2>
      <Said message={message} />
      {paper && <p class="hint">{t('ref.onBehalfHint')}</p>}
      {r.canReceive && (
        <button class="primary" type="button" data-action="receive" disabled={busy || offline} onClick={() => void receive()}>
          {busy ? t('file.submitting') : t('ref.receive')}
        </button>
      )}
      {r.canAnswer && (
        <TextStepForm
          action="answer"
          title={t(paper ? 'ref.answerOnBehalf' : 'ref.answerTitle')}
          label={t('ref.answerLabel')}
          name="answer"
          submitLabel={t('ref.answerSubmit')}
          onSubmit={async (answer) => took((await call(AnswerReferralMutation, { id: r.id, answer })).answerReferral)}
        />
      )}
      {r.canReturn && (
        <TextStepForm
          action="return"
          title={t(paper ? 'ref.returnOnBehalf' : 'ref.returnTitle')}
          intro={<p class="hint">{t('ref.returnHint')}</p>}
          label={t('ref.returnLabel')}
          name="reason"
          rows={3}
          submitLabel={t('ref.returnSubmit')}
          onSubmit={async (reason) => took((await call(ReturnReferralMutation, { id: r.id, reason })).returnReferral)}
        />
      )}
      {r.canResend && (
        <TextStepForm
          action="resend"
          title={t('ref.resendTitle')}
          intro={<p class="hint">{t('ref.resendHint')}</p>}
          label={t('ref.resendLabel')}
          name="note"
          rows={3}
          submitLabel={t('ref.resendSubmit')}
          extra={
            <div class="field">
              <label for="resend-department">
                {t('ref.resendDepartment')}
                <span class="muted">{t('common.optional')}</span>
              </label>
              <select id="resend-department" name="departmentId" disabled={!departments}>
                <option value="">{t('ref.resendSameDepartment', { name: r.department.name })}</option>
                {(departments ?? [])
                  .filter((d) => d.id !== r.department.id)
                  .map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
              </select>
            </div>
          }
          onSubmit={async (note, form) => {
            const departmentId = (form.querySelector<HTMLSelectElement>('#resend-department')?.value ?? '') || null;
            return took((await call(ResendReferralMutation, { input: { id: r.id, note, departmentId } })).resendReferral);
          }}
        />
      )}
    </section>
  );
}
