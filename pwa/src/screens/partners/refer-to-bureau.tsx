// 移送城管 (the housing partner): a violation the department found, referred to the bureau. The
// community from the district (searchable), an optional unit of it, an optional matter (the officer
// classifies otherwise), what was found, why it is the bureau's, the department's own number. Sent
// directly (it is written at the desk); the idempotency key is made once per draft and kept with it,
// so a retry after a lost answer — even after a reload — does not refer it twice.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { MessageKey } from '../../i18n';
import { ReferToBureauMutation } from '../../graphql/partner-operations';
import type { MatterSummary } from '../../graphql/types';
import { cachedMatters, loadMatters } from '../../places';
import { clearDraft, loadDraft, saveDraft } from '../../drafts';
import { errorText, localInputToIso, useHeadingFocus } from '../../ui';
import { CommunityPicker } from './common';
import { useCommunityNames, useCommunityUnits } from './communities';
import {
  EMPTY_REFER_TO_BUREAU,
  PROBLEM_KEYS,
  errorsByField,
  referToBureauProblems,
  referralPath,
  unitChoices,
  type ReferToBureauValues,
} from './logic';

const DRAFT = 'referToBureau';
type Field = keyof ReferToBureauValues;
const FIELDS = Object.keys(EMPTY_REFER_TO_BUREAU) as Field[];

function fromDraft(d: Record<string, string | boolean>): ReferToBureauValues {
  const v = { ...EMPTY_REFER_TO_BUREAU };
  for (const k of FIELDS) if (typeof d[k] === 'string') v[k] = d[k] as string;
  return v;
}

export function ReferToBureauScreen() {
  const env = useEnv();
  const { t, lang, user, call, storage, offline, navigate, focusHeading } = env;
  const heading = useHeadingFocus(focusHeading);
  const [values, setValues] = useState<ReferToBureauValues>(() => fromDraft(loadDraft(storage, user.id, DRAFT)));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [matters, setMatters] = useState<MatterSummary[]>(() => cachedMatters(storage, lang) ?? []);
  const communities = useCommunityNames(env, (e) => setAlert(errorText(t, e)));
  const detail = useCommunityUnits(env, values.communityId);
  const units = unitChoices(detail);
  const formRef = useRef<HTMLFormElement>(null);
  // One key per referral being written (kept with the draft).
  const key = useRef('');
  if (!key.current) {
    const saved = loadDraft(storage, user.id, DRAFT)['idempotencyKey'];
    key.current = typeof saved === 'string' && saved ? saved : crypto.randomUUID();
  }

  useEffect(() => {
    if (!offline) loadMatters(call, storage, lang).then(setMatters, () => undefined);
  }, [offline, lang]);

  const update = (patch: Partial<ReferToBureauValues>) => {
    setValues((v) => {
      const next = { ...v, ...patch };
      saveDraft(storage, user.id, DRAFT, { ...next, idempotencyKey: key.current });
      return next;
    });
    setErrors((prev) => {
      const left = { ...prev };
      for (const k of Object.keys(patch)) delete left[k as Field];
      return left;
    });
  };

  const focusFirst = (found: Partial<Record<Field, string>>) => {
    const first = FIELDS.find((k) => found[k]);
    if (first) (formRef.current?.querySelector(`[name="${first}"]`) as HTMLElement | null)?.focus();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    setAlert(null);
    const problems = referToBureauProblems(values);
    const found = Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, t(PROBLEM_KEYS[p])])) as Partial<Record<Field, string>>;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setAlert(t('file.fixErrors', { n: String(Object.keys(found).length) }));
      focusFirst(found);
      return;
    }
    setBusy(true);
    try {
      const { referToBureau: p } = await call(ReferToBureauMutation, {
        input: {
          idempotencyKey: key.current,
          communityId: values.communityId,
          unitId: values.unitId || null,
          matterCode: values.matterCode || null,
          description: values.description.trim(),
          reason: values.reason.trim(),
          externalReference: values.externalReference.trim() || null,
          seenAt: localInputToIso(values.seenAt),
        },
      });
      if (p.userErrors.length > 0 || !p.referral) {
        const split = errorsByField(p.userErrors, FIELDS);
        setErrors(split.byField as Partial<Record<Field, string>>);
        setAlert(t('file.refused', { message: split.rest.join(' ') || t('file.fixErrors', { n: String(Object.keys(split.byField).length) }) }));
        focusFirst(split.byField as Partial<Record<Field, string>>);
        return;
      }
      clearDraft(storage, user.id, DRAFT);
      navigate(referralPath(p.referral.id));
    } catch (e) {
      setAlert(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const described = (name: Field, hint?: string) => [errors[name] ? `rb-${name}-error` : null, hint ?? null].filter(Boolean).join(' ') || undefined;
  const FieldError = ({ name }: { name: Field }) =>
    errors[name] ? (
      <p id={`rb-${name}-error`} class="field-error">
        {errors[name]}
      </p>
    ) : null;
  const textarea = (name: 'description' | 'reason', label: MessageKey, hint: MessageKey) => (
    <div class="field">
      <label for={`rb-${name}`}>{t(label)}</label>
      <p id={`rb-${name}-hint`} class="hint">
        {t(hint)}
      </p>
      <textarea
        id={`rb-${name}`}
        name={name}
        rows={4}
        maxLength={4000}
        value={values[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={described(name, `rb-${name}-hint`)}
        onInput={(e) => update({ [name]: e.currentTarget.value })}
      />
      <FieldError name={name} />
    </div>
  );

  return (
    <main class="content">
      <form ref={formRef} class="screen" noValidate onSubmit={submit} aria-labelledby="rb-heading" data-form="refer-to-bureau">
        <p class="small">
          <a class="inline-link" href="/referrals">
            {t('ref.back')}
          </a>
        </p>
        <h1 id="rb-heading" ref={heading} tabIndex={-1}>
          {t('referralNew.title')}
        </h1>
        <div role="alert" class={alert ? 'error' : 'sr-empty'}>
          {alert}
        </div>
        {offline && <p class="notice">{t('ref.sendOffline')}</p>}
        <p class="muted small">{t('ref.newIntro')}</p>

        <CommunityPicker id="rb-communityId" value={values.communityId} onChange={(id) => update({ communityId: id, unitId: '' })} communities={communities} error={errors.communityId} />

        <div class="field">
          <label for="rb-unitId">
            {t('ref.unit')}
            <span class="muted">{t('common.optional')}</span>
          </label>
          <select
            id="rb-unitId"
            name="unitId"
            value={values.unitId}
            disabled={!detail}
            aria-invalid={errors.unitId ? true : undefined}
            aria-describedby={described('unitId')}
            onChange={(e) => update({ unitId: e.currentTarget.value })}
          >
            <option value="">{values.communityId && !detail ? t('common.loading') : t('ref.unitChoose')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
          <FieldError name="unitId" />
        </div>

        <div class="field">
          <label for="rb-matterCode">
            {t('ref.matter')}
            <span class="muted">{t('common.optional')}</span>
          </label>
          <select
            id="rb-matterCode"
            name="matterCode"
            value={values.matterCode}
            aria-invalid={errors.matterCode ? true : undefined}
            aria-describedby={described('matterCode', 'rb-matterCode-hint')}
            onChange={(e) => update({ matterCode: e.currentTarget.value })}
          >
            <option value="">{t('ref.matterUnsure')}</option>
            {matters.map((m) => (
              <option key={m.code} value={m.code}>
                {m.code} {m.name}
              </option>
            ))}
          </select>
          <p id="rb-matterCode-hint" class="hint">
            {t('ref.matterHint')}
          </p>
          <FieldError name="matterCode" />
        </div>

        {textarea('description', 'ref.description', 'ref.descriptionHint')}
        {textarea('reason', 'ref.reasonIncoming', 'ref.reasonHint')}

        <div class="field">
          <label for="rb-externalReference">
            {t('ref.externalReference')}
            <span class="muted">{t('common.optional')}</span>
          </label>
          <input
            id="rb-externalReference"
            name="externalReference"
            type="text"
            autocomplete="off"
            maxLength={100}
            value={values.externalReference}
            aria-invalid={errors.externalReference ? true : undefined}
            aria-describedby={described('externalReference', 'rb-externalReference-hint')}
            onInput={(e) => update({ externalReference: e.currentTarget.value })}
          />
          <p id="rb-externalReference-hint" class="hint">
            {t('ref.externalReferenceHint')}
          </p>
          <FieldError name="externalReference" />
        </div>

        <div class="field">
          <label for="rb-seenAt">
            {t('ref.seenAt')}
            <span class="muted">{t('common.optional')}</span>
          </label>
          <input
            id="rb-seenAt"
            name="seenAt"
            type="datetime-local"
            value={values.seenAt}
            aria-invalid={errors.seenAt ? true : undefined}
            aria-describedby={described('seenAt')}
            onInput={(e) => update({ seenAt: e.currentTarget.value })}
          />
          <FieldError name="seenAt" />
        </div>

        <div class="actions">
          <button class="primary" type="submit" disabled={busy || offline}>
            {busy ? t('file.submitting') : t('ref.send')}
          </button>
        </div>
      </form>
    </main>
  );
}
