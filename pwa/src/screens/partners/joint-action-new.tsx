// 新建联合执法 (officers, supervisors): title, focus (群租 / 保障房违规出租), community, the day, the
// departments taking part (at least one), a note. The idempotency key is made once per draft and kept
// with it (cleared on sign-out like the other drafts).
import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { CreateJointActionMutation, DepartmentsQuery } from '../../graphql/partner-operations';
import { JOINT_FOCUSES, type Department, type JointFocus } from '../../graphql/partner-types';
import { clearDraft, loadDraft, saveDraft } from '../../drafts';
import { errorText, useHeadingFocus } from '../../ui';
import { shanghaiToday } from '../renovations/league-logic';
import { CommunityPicker } from './common';
import { useCommunityNames } from './communities';
import { PROBLEM_KEYS, errorsByField, jointActionPath, jointActionProblems, type JointActionValues } from './logic';

const DRAFT = 'jointAction';
type Field = keyof JointActionValues;
const FIELDS: readonly Field[] = ['title', 'focus', 'communityId', 'actionOn', 'departmentIds', 'note'];

function fromDraft(d: Record<string, string | boolean>, today: string): JointActionValues {
  const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  const focus = s('focus');
  return {
    title: s('title'),
    focus: (JOINT_FOCUSES as readonly string[]).includes(focus) ? (focus as JointFocus) : '',
    communityId: s('communityId'),
    actionOn: s('actionOn') || today,
    departmentIds: s('departmentIds') ? s('departmentIds').split(',') : [],
    note: s('note'),
  };
}

export function JointActionNewScreen() {
  const env = useEnv();
  const { t, user, call, storage, offline, navigate, focusHeading } = env;
  const heading = useHeadingFocus(focusHeading);
  const [values, setValues] = useState<JointActionValues>(() => fromDraft(loadDraft(storage, user.id, DRAFT), shanghaiToday()));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const communities = useCommunityNames(env, (e) => setAlert(errorText(t, e)));
  const formRef = useRef<HTMLFormElement>(null);
  const key = useRef('');
  if (!key.current) {
    const saved = loadDraft(storage, user.id, DRAFT)['idempotencyKey'];
    key.current = typeof saved === 'string' && saved ? saved : crypto.randomUUID();
  }

  useEffect(() => {
    if (offline) return;
    call(DepartmentsQuery, {}).then(
      (d) => setDepartments(d.departments),
      (e: unknown) => setAlert(errorText(t, e)),
    );
  }, [offline]);

  const update = (patch: Partial<JointActionValues>) => {
    setValues((v) => {
      const next = { ...v, ...patch };
      saveDraft(storage, user.id, DRAFT, { ...next, departmentIds: next.departmentIds.join(','), idempotencyKey: key.current });
      return next;
    });
    setErrors((prev) => {
      const left = { ...prev };
      for (const k of Object.keys(patch)) delete left[k as Field];
      return left;
    });
  };

  const toggle = (id: string, on: boolean) =>
    update({ departmentIds: on ? [...values.departmentIds.filter((d) => d !== id), id] : values.departmentIds.filter((d) => d !== id) });

  const focusFirst = (found: Partial<Record<Field, string>>) => {
    const first = FIELDS.find((k) => found[k]);
    if (first) (formRef.current?.querySelector(`[name="${first}"]`) as HTMLElement | null)?.focus();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    setAlert(null);
    const problems = jointActionProblems(values);
    const found = Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, t(PROBLEM_KEYS[p])])) as Partial<Record<Field, string>>;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setAlert(t('file.fixErrors', { n: String(Object.keys(found).length) }));
      focusFirst(found);
      return;
    }
    setBusy(true);
    try {
      const { createJointAction: p } = await call(CreateJointActionMutation, {
        input: {
          idempotencyKey: key.current,
          title: values.title.trim(),
          focus: values.focus as JointFocus,
          communityId: values.communityId,
          actionOn: values.actionOn,
          departmentIds: values.departmentIds,
          note: values.note.trim() || null,
        },
      });
      if (p.userErrors.length > 0 || !p.action) {
        const split = errorsByField(p.userErrors, FIELDS);
        setErrors(split.byField as Partial<Record<Field, string>>);
        setAlert(t('file.refused', { message: split.rest.join(' ') || t('file.fixErrors', { n: String(Object.keys(split.byField).length) }) }));
        focusFirst(split.byField as Partial<Record<Field, string>>);
        return;
      }
      clearDraft(storage, user.id, DRAFT);
      navigate(jointActionPath(p.action.id));
    } catch (e) {
      setAlert(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const err = (name: Field) =>
    errors[name] ? (
      <p id={`ja-${name}-error`} class="field-error">
        {errors[name]}
      </p>
    ) : null;
  const inv = (name: Field) => (errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': `ja-${name}-error` } : {});

  return (
    <main class="content">
      <form ref={formRef} class="screen" noValidate onSubmit={submit} aria-labelledby="ja-new-heading" data-form="joint-action">
        <p class="small">
          <a class="inline-link" href="/joint-actions">
            {t('ja.back')}
          </a>
        </p>
        <h1 id="ja-new-heading" ref={heading} tabIndex={-1}>
          {t('jointActionNew.title')}
        </h1>
        <div role="alert" class={alert ? 'error' : 'sr-empty'}>
          {alert}
        </div>
        {offline && <p class="notice">{t('ref.sendOffline')}</p>}

        <div class="field">
          <label for="ja-title">{t('ja.title')}</label>
          <input id="ja-title" name="title" type="text" maxLength={200} autocomplete="off" value={values.title} onInput={(e) => update({ title: e.currentTarget.value })} {...inv('title')} />
          {err('title')}
        </div>

        <fieldset class="choices" {...(errors.focus ? { 'aria-describedby': 'ja-focus-error' } : {})}>
          <legend>{t('ja.focus')}</legend>
          {JOINT_FOCUSES.map((f) => (
            <div class="check" key={f}>
              <input
                id={`ja-focus-${f}`}
                type="radio"
                name="focus"
                value={f}
                checked={values.focus === f}
                aria-invalid={errors.focus ? true : undefined}
                onChange={() => update({ focus: f })}
              />
              <label for={`ja-focus-${f}`}>{t(`ja.focus.${f}`)}</label>
            </div>
          ))}
          {err('focus')}
        </fieldset>

        <CommunityPicker id="ja-communityId" value={values.communityId} onChange={(id) => update({ communityId: id })} communities={communities} error={errors.communityId} />

        <div class="field">
          <label for="ja-actionOn">{t('ja.actionOn')}</label>
          <input id="ja-actionOn" name="actionOn" type="date" value={values.actionOn} onInput={(e) => update({ actionOn: e.currentTarget.value })} {...inv('actionOn')} />
          {err('actionOn')}
        </div>

        <fieldset class="group" {...(errors.departmentIds ? { 'aria-describedby': 'ja-departmentIds-error' } : {})} data-field="departments">
          <legend>{t('ja.departments')}</legend>
          <p class="hint">{t('ja.departmentsHint')}</p>
          {departments === null && !offline && <p class="muted">{t('common.loading')}</p>}
          {departments?.map((d, i) => (
            <div class="check" key={d.id}>
              <input
                id={`ja-dept-${d.id}`}
                type="checkbox"
                name={i === 0 ? 'departmentIds' : undefined}
                value={d.id}
                checked={values.departmentIds.includes(d.id)}
                onChange={(e) => toggle(d.id, e.currentTarget.checked)}
              />
              <label for={`ja-dept-${d.id}`}>{d.name}</label>
            </div>
          ))}
          {err('departmentIds')}
        </fieldset>

        <div class="field">
          <label for="ja-note">
            {t('ja.note')}
            <span class="muted">{t('common.optional')}</span>
          </label>
          <textarea id="ja-note" name="note" rows={3} maxLength={2000} value={values.note} onInput={(e) => update({ note: e.currentTarget.value })} {...inv('note')} />
          {err('note')}
        </div>

        <div class="actions">
          <button class="primary" type="submit" disabled={busy || offline}>
            {busy ? t('file.submitting') : t('ja.create')}
          </button>
        </div>
      </form>
    </main>
  );
}
