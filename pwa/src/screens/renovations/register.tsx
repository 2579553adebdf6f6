// 新增装修登记 (the firm, SPEC §8): community from the firm's communities, the unit, owner,
// contractor, planned dates, scope, and the three high-risk questions. Sent directly (registration
// happens at the desk, with a connection); the idempotency key is kept across retries of one form,
// and with the draft on the phone (cleared on sign-out like the filing drafts).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { MessageKey } from '../../i18n';
import { RegisterRenovationMutation } from '../../graphql/renovation-operations';
import type { CommunityDetail } from '../../graphql/types';
import { cachedMyCommunities, loadMyCommunities } from '../../places';
import { clearDraft, loadDraft, saveDraft } from '../../drafts';
import { errorText, useHeadingFocus } from '../../ui';
import { renovationPath } from './common';
import {
  EMPTY_REGISTRATION,
  TEXT_LIMIT,
  isHighRisk,
  registrationErrorField,
  registrationFromDraft,
  registrationInput,
  registrationProblems,
  type RegistrationField,
  type RegistrationProblem,
  type RegistrationValues,
} from './logic';

const DRAFT = 'renovation';

const PROBLEM_KEYS: Record<RegistrationProblem, MessageKey> = {
  required: 'file.required',
  requiredChoice: 'file.requiredChoice',
  endBeforeStart: 'reno.endBeforeStart',
};

type FieldErrors = Partial<Record<RegistrationField, string>>;

export function RegisterRenovationScreen() {
  const { t, user, call, storage, offline, navigate, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [values, setValues] = useState<RegistrationValues>(() => registrationFromDraft(loadDraft(storage, user.id, DRAFT)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [mine, setMine] = useState<CommunityDetail[] | null>(() => cachedMyCommunities(storage, user));
  // One key per registration being written (kept with the draft): a retry after a lost answer,
  // even after a reload, does not register it twice.
  const key = useRef('');
  if (!key.current) {
    const saved = loadDraft(storage, user.id, DRAFT)['idempotencyKey'];
    key.current = typeof saved === 'string' && saved ? saved : crypto.randomUUID();
  }
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (offline) return;
    let live = true;
    loadMyCommunities(call, storage, user).then((list) => live && setMine(list), () => undefined);
    return () => {
      live = false;
    };
  }, [user.id, offline]);

  useEffect(() => {
    if (mine?.length === 1 && !values.communityId) setValues((v) => ({ ...v, communityId: mine[0]!.id }));
  }, [mine]);

  const detail = useMemo(() => mine?.find((c) => c.id === values.communityId) ?? null, [mine, values.communityId]);
  const highRisk = isHighRisk(values);

  const update = (patch: Partial<RegistrationValues>) => {
    setValues((v) => {
      const next = { ...v, ...patch };
      saveDraft(storage, user.id, DRAFT, { ...next, idempotencyKey: key.current });
      return next;
    });
    setErrors((prev) => {
      const left = { ...prev };
      for (const k of Object.keys(patch)) delete left[k as RegistrationField];
      // The end date's check depends on the start date too.
      if ('plannedStart' in patch) delete left.plannedEnd;
      return left;
    });
  };

  const focusFirst = (found: FieldErrors) => {
    const first = Object.keys(EMPTY_REGISTRATION).find((k) => found[k as RegistrationField]);
    if (first) (formRef.current?.querySelector(`[name="${first}"]`) as HTMLElement | null)?.focus();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    setAlert(null);
    const problems = registrationProblems(values);
    const found: FieldErrors = Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, t(PROBLEM_KEYS[p])]));
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setAlert(t('file.fixErrors', { n: String(Object.keys(found).length) }));
      focusFirst(found);
      return;
    }
    setBusy(true);
    try {
      const { registerRenovation: p } = await call(RegisterRenovationMutation, { input: registrationInput(values, key.current) });
      if (p.userErrors.length > 0) {
        const byField: FieldErrors = {};
        const rest: string[] = [];
        for (const u of p.userErrors) {
          const f = registrationErrorField(u.field);
          if (f) byField[f] = byField[f] ? `${byField[f]} ${u.message}` : u.message;
          else rest.push(u.message);
        }
        setErrors(byField);
        setAlert(t('file.refused', { message: rest.join(' ') || t('file.fixErrors', { n: String(Object.keys(byField).length) }) }));
        focusFirst(byField);
        return;
      }
      if (p.renovation) {
        clearDraft(storage, user.id, DRAFT);
        navigate(renovationPath(p.renovation.id));
      }
    } catch (e) {
      setAlert(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const described = (name: RegistrationField, hint?: string) =>
    [errors[name] ? `r-${name}-error` : null, hint ?? null].filter(Boolean).join(' ') || undefined;
  const FieldError = ({ name }: { name: RegistrationField }) =>
    errors[name] ? (
      <p id={`r-${name}-error`} class="field-error">
        {errors[name]}
      </p>
    ) : null;
  const text = (name: 'ownerName' | 'ownerPhone' | 'contractorName' | 'contractorPhone', label: MessageKey, opts: { optional?: boolean; tel?: boolean } = {}) => (
    <div class="field">
      <label for={`r-${name}`}>
        {t(label)}
        {opts.optional && <span class="muted">{t('common.optional')}</span>}
      </label>
      {opts.tel ? (
        <input
          id={`r-${name}`}
          name={name}
          type="tel"
          autocomplete="tel"
          maxLength={30}
          value={values[name]}
          aria-invalid={errors[name] ? true : undefined}
          aria-describedby={described(name)}
          onInput={(e) => update({ [name]: e.currentTarget.value })}
        />
      ) : (
        <input
          id={`r-${name}`}
          name={name}
          type="text"
          autocomplete="off"
          maxLength={100}
          value={values[name]}
          aria-invalid={errors[name] ? true : undefined}
          aria-describedby={described(name)}
          onInput={(e) => update({ [name]: e.currentTarget.value })}
        />
      )}
      <FieldError name={name} />
    </div>
  );
  const date = (name: 'plannedStart' | 'plannedEnd', label: MessageKey) => (
    <div class="field">
      <label for={`r-${name}`}>{t(label)}</label>
      <input
        id={`r-${name}`}
        name={name}
        type="date"
        value={values[name]}
        min={name === 'plannedEnd' ? values.plannedStart || undefined : undefined}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={described(name)}
        onInput={(e) => update({ [name]: e.currentTarget.value })}
      />
      <FieldError name={name} />
    </div>
  );
  const risk = (name: 'loadBearing' | 'waterproofing' | 'sharedFacilities', label: MessageKey) => (
    <div class="check">
      <input id={`r-${name}`} name={name} type="checkbox" checked={values[name]} onChange={(e) => update({ [name]: e.currentTarget.checked })} />
      <label for={`r-${name}`}>{t(label)}</label>
    </div>
  );

  return (
    <main class="content">
      <form ref={formRef} class="screen" noValidate onSubmit={submit} aria-labelledby="reno-new-heading" data-form="register-renovation">
        <h1 id="reno-new-heading" ref={heading} tabIndex={-1}>
          {t('renovationNew.title')}
        </h1>
        <div role="alert" class={alert ? 'error' : 'sr-empty'}>
          {alert}
        </div>
        {offline && <p class="notice">{t('reno.registerOffline')}</p>}

        <div class="field">
          <label for="r-communityId">{t('file.community')}</label>
          <select
            id="r-communityId"
            name="communityId"
            value={values.communityId}
            aria-invalid={errors.communityId ? true : undefined}
            aria-describedby={described('communityId')}
            onChange={(e) => update({ communityId: e.currentTarget.value, unitId: '' })}
          >
            <option value="">{mine && mine.length === 0 ? t('file.communityNone') : t('file.communityChoose')}</option>
            {(mine ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <FieldError name="communityId" />
        </div>
        <div class="field">
          <label for="r-unitId">{t('file.unit')}</label>
          <select
            id="r-unitId"
            name="unitId"
            value={values.unitId}
            disabled={!detail}
            aria-invalid={errors.unitId ? true : undefined}
            aria-describedby={described('unitId', detail ? undefined : 'r-unitId-hint')}
            onChange={(e) => update({ unitId: e.currentTarget.value })}
          >
            <option value="">{t('reno.unitChoose')}</option>
            {(detail?.buildings ?? []).map((b) => (
              <optgroup key={b.id} label={b.name}>
                {b.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {`${b.name} ${u.number}`}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {!detail && (
            <p id="r-unitId-hint" class="hint">
              {t('reno.unitHint')}
            </p>
          )}
          <FieldError name="unitId" />
        </div>

        {text('ownerName', 'reno.ownerName')}
        {text('ownerPhone', 'reno.ownerPhone', { optional: true, tel: true })}
        {text('contractorName', 'reno.contractorName')}
        {text('contractorPhone', 'reno.contractorPhone', { optional: true, tel: true })}
        {date('plannedStart', 'reno.plannedStart')}
        {date('plannedEnd', 'reno.plannedEnd')}

        <div class="field">
          <label for="r-scopeOfWork">{t('reno.scopeOfWork')}</label>
          <p id="r-scopeOfWork-hint" class="hint">
            {t('reno.scopeHint')}
          </p>
          <textarea
            id="r-scopeOfWork"
            name="scopeOfWork"
            rows={4}
            maxLength={TEXT_LIMIT}
            value={values.scopeOfWork}
            aria-invalid={errors.scopeOfWork ? true : undefined}
            aria-describedby={described('scopeOfWork', 'r-scopeOfWork-hint')}
            onInput={(e) => update({ scopeOfWork: e.currentTarget.value })}
          />
          <FieldError name="scopeOfWork" />
        </div>

        <fieldset class="group" aria-describedby="r-risk-hint">
          <legend>{t('reno.riskLegend')}</legend>
          <p id="r-risk-hint" class="hint">
            {t('reno.riskHint')}
          </p>
          {risk('loadBearing', 'reno.loadBearing')}
          {risk('waterproofing', 'reno.waterproofing')}
          {risk('sharedFacilities', 'reno.sharedFacilities')}
          <p class={highRisk ? 'notice' : 'muted small'} data-field="risk-result" aria-live="polite">
            {highRisk ? t('reno.riskYes') : t('reno.riskNo')}
          </p>
        </fieldset>

        <div class="actions">
          <button class="primary" type="submit" disabled={busy || offline}>
            {busy ? t('file.submitting') : t('reno.register')}
          </button>
        </div>
      </form>
    </main>
  );
}
