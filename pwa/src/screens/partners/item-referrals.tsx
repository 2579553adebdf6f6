// On an item's page, for officers and supervisors: its referrals (state, clock, the answer or the
// return's reason) and, while the item is ACCEPTED or VERIFYING, 转办 to a department: which one
// (and whether it answers in the app or gets a printed letter) and why. Loaded with the partner
// screens' code, only for staff: other roles' item page is unchanged.
import '../../i18n/partners';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { DepartmentsQuery, ItemReferralsQuery, ReferItemMutation } from '../../graphql/partner-operations';
import type { Department, ReferralSummary } from '../../graphql/partner-types';
import type { Item } from '../../graphql/types';
import { errorText } from '../../ui';
import { ClockLine, OverdueChip, Said, StateChip, type Message } from './common';
import { PROBLEM_KEYS, answerClock, errorsByField, letterPath, needsLetter, referralPath, textProblem } from './logic';

/** Items an officer may still refer (the server checks again). */
export const REFERABLE: ReadonlySet<string> = new Set(['ACCEPTED', 'VERIFYING']);

export function ItemReferralsPanel({ item }: { item: Item }) {
  const { t, lang, call, offline } = useEnv();
  const [list, setList] = useState<ReferralSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const referable = item.status !== null && REFERABLE.has(item.status);

  const load = async () => {
    try {
      setList((await call(ItemReferralsQuery, { itemId: item.id })).itemReferrals);
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  useEffect(() => {
    if (!offline) void load();
  }, [item.id, item.status, offline, lang]);

  // Nothing to show or do: no panel (a refused read on an item that cannot be referred is not the officer's to act on).
  if (!referable && (list === null || list.length === 0)) return null;

  return (
    <section class="card item-referrals" aria-labelledby="item-referrals-heading" data-section="item-referrals">
      <h2 id="item-referrals-heading">{t('ref.itemPanelHeading')}</h2>
      {error && (
        <div role="alert" class="error">
          {error}{' '}
          <button class="link" type="button" onClick={() => void load()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {list && list.length > 0 && (
        <ul class="plain-list link-list" data-list="item-referrals">
          {list.map((r) => {
            const clock = answerClock(t, lang, r, Date.now());
            return (
              <li key={r.id} data-referral-id={r.id} data-state={r.state}>
                <a class="inline-link" href={referralPath(r.id)}>
                  {r.reference}
                </a>
                <p class="chips">
                  <StateChip t={t} state={r.state} />
                  <OverdueChip t={t} r={r} />
                </p>
                <p class="small">{r.department.name}</p>
                <ClockLine text={clock.text} tone={clock.tone} field="answer-clock" />
                {r.answer && (
                  <p class="prewrap" data-field="answer">
                    <strong>{t('ref.answerHeading')}</strong>
                    {t('ref.colon')}
                    {r.answer}
                  </p>
                )}
                {r.returnReason && (
                  <p class="prewrap" data-field="return-reason">
                    <strong>{t('ref.returnHeading')}</strong>
                    {t('ref.colon')}
                    {r.returnReason}
                  </p>
                )}
                {needsLetter(r) && (
                  <a class="inline-link" href={letterPath(r.id)} data-link="letter">
                    {t('ref.printLetter')}
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {referable && <ReferForm itemId={item.id} onReferred={load} />}
    </section>
  );
}

function ReferForm({ itemId, onReferred }: { itemId: string; onReferred: () => Promise<void> }) {
  const { t, call, offline } = useEnv();
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [departmentId, setDepartmentId] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  // One key per referral being written: a retry after a lost answer is the same referral.
  const key = useRef(crypto.randomUUID());

  useEffect(() => {
    if (offline) return;
    call(DepartmentsQuery, {}).then(
      (d) => setDepartments(d.departments),
      (e: unknown) => setMessage({ tone: 'alert', text: errorText(t, e) }),
    );
  }, [offline]);

  const chosen = departments?.find((d) => d.id === departmentId) ?? null;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const local: Record<string, string> = {};
    if (!departmentId) local['departmentId'] = t(PROBLEM_KEYS.requiredChoice);
    const problem = textProblem(reason);
    if (problem) local['reason'] = t(PROBLEM_KEYS[problem]);
    setErrors(local);
    setMessage(null);
    if (Object.keys(local).length > 0) {
      form.querySelector<HTMLElement>(local['departmentId'] ? '#rf-departmentId' : '#rf-reason')?.focus();
      return;
    }
    setBusy(true);
    try {
      const { referItem } = await call(ReferItemMutation, { input: { itemId, departmentId, reason: reason.trim(), idempotencyKey: key.current } });
      if (referItem.userErrors.length > 0 || !referItem.referral) {
        const split = errorsByField(referItem.userErrors, ['departmentId', 'reason']);
        setErrors(split.byField);
        setMessage(split.rest.length > 0 ? { tone: 'alert', text: split.rest.join(' ') } : null);
        return;
      }
      key.current = crypto.randomUUID();
      setDepartmentId('');
      setReason('');
      setMessage({ tone: 'status', text: t('ref.referred', { reference: referItem.referral.reference }) });
      await onReferred();
    } catch (e) {
      setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  const inv = (name: string) => (errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': `rf-${name}-error` } : {});
  const err = (name: string) =>
    errors[name] ? (
      <p id={`rf-${name}-error`} class="field-error">
        {errors[name]}
      </p>
    ) : null;

  return (
    <details class="more-action">
      <summary>{t('ref.referTitle')}</summary>
      <form class="action-form" noValidate data-action="refer-item" onSubmit={submit} aria-labelledby="rf-title">
        <h3 id="rf-title">{t('ref.referTitle')}</h3>
        <p class="hint">{t('ref.referHint')}</p>
        <label for="rf-departmentId">{t('ref.department')}</label>
        <select id="rf-departmentId" name="departmentId" value={departmentId} disabled={!departments} onChange={(e) => setDepartmentId(e.currentTarget.value)} {...inv('departmentId')}>
          <option value="">{departments ? t('ref.departmentChoose') : t('common.loading')}</option>
          {(departments ?? []).map((d) => (
            <option key={d.id} value={d.id} data-in-app={String(d.inApp)}>
              {t(d.inApp ? 'ref.departmentInApp' : 'ref.departmentOnPaper', { name: d.name })}
            </option>
          ))}
        </select>
        {err('departmentId')}
        {chosen && (
          <p class="hint" data-field="department-mode">
            {t(chosen.inApp ? 'ref.modeInApp' : 'ref.modeOnPaper')}
          </p>
        )}
        <label for="rf-reason">{t('ref.reasonOutgoing')}</label>
        <textarea id="rf-reason" name="reason" rows={3} maxLength={2000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} {...inv('reason')} />
        {err('reason')}
        <Said message={message} />
        <button class="primary" type="submit" disabled={busy || offline}>
          {busy ? t('file.submitting') : t('ref.referSubmit')}
        </button>
      </form>
    </details>
  );
}
