// One joint action (联合执法): what, where, when, with whom; the units checked with their finding,
// outcome, follow-up case (linked for staff) and 回头看 (due, done, relapse). Who may edit it adds a
// unit (a unit of the action's community, finding, outcome, optional case number and re-check day)
// and records a re-check on a unit; the housing partner reads it.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { AddJointActionUnitMutation, JointActionQuery, RecordJointRecheckMutation } from '../../graphql/partner-operations';
import { JOINT_UNIT_OUTCOMES, type JointAction, type JointActionPayload, type JointActionUnit, type JointUnitOutcome } from '../../graphql/partner-types';
import { errorText, useHeadingFocus } from '../../ui';
import { shanghaiToday } from '../renovations/league-logic';
import { Fact, Facts, Said, type Message } from './common';
import {
  EMPTY_JOINT_UNIT,
  OUTCOME_TONE,
  PROBLEM_KEYS,
  casePath,
  errorsByField,
  formatDate,
  isStaff,
  jointUnitProblems,
  recheckState,
  textProblem,
  unitChoices,
  type JointUnitValues,
} from './logic';

const TONE_CLASS = { neutral: 'chip-neutral', warn: 'chip-warn', danger: 'chip-danger', done: 'chip-done' } as const;

export function JointActionScreen({ id }: { id: string }) {
  const { t, lang, user, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [action, setAction] = useState<JointAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const today = shanghaiToday();

  useEffect(() => {
    if (offline) return;
    call(JointActionQuery, { id }).then(
      (d) => {
        if (d.jointAction) setAction(d.jointAction);
        else setError(t('ja.notFound'));
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [id, offline, lang]);

  /** A payload's new action (which keeps the community's units the form picks from). */
  const took = (p: JointActionPayload) => {
    if (p.action && p.userErrors.length === 0) setAction((prev) => ({ ...p.action!, community: { ...prev?.community, ...p.action!.community } }));
    return p.userErrors;
  };

  return (
    <main class="content">
      <div class="screen" data-joint-action-id={id}>
        <p class="small">
          <a class="inline-link" href="/joint-actions">
            {t('ja.back')}
          </a>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {action ? action.title : t('jointAction.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        {!action && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {action && (
          <>
            <p class="chips">
              <span class="chip chip-neutral" data-field="focus">
                {t(`ja.focus.${action.focus}`)}
              </span>
              {action.community.affordableHousing && <span class="chip chip-neutral">{t('ja.affordableCommunity')}</span>}
            </p>
            <Facts>
              <Fact label={t('ja.community')} field="community">
                {action.community.name}
              </Fact>
              <Fact label={t('ja.actionOn')} field="action-on">
                {formatDate(lang, action.actionOn)}
              </Fact>
              <Fact label={t('ja.departments')} field="departments">
                {action.departments.map((d) => d.name).join('、')}
              </Fact>
              <Fact label={t('ja.createdBy')}>{action.createdByName}</Fact>
              {action.note && (
                <Fact label={t('ja.note')} field="note">
                  <span class="prewrap">{action.note}</span>
                </Fact>
              )}
            </Facts>

            <section aria-labelledby="ja-units-heading">
              <h2 id="ja-units-heading">{t('ja.unitsHeading', { n: String(action.units.length) })}</h2>
              {action.units.length === 0 ? (
                <p class="muted">{t('ja.noUnits')}</p>
              ) : (
                <ul class="list" data-list="joint-units">
                  {action.units.map((u) => (
                    <UnitCard key={u.id} u={u} today={today} canEdit={action.canEdit} staff={isStaff(user.role)} onChange={took} />
                  ))}
                </ul>
              )}
            </section>

            {action.canEdit && <AddUnitForm action={action} onChange={took} />}
          </>
        )}
      </div>
    </main>
  );
}

function UnitCard({
  u,
  today,
  canEdit,
  staff,
  onChange,
}: {
  u: JointActionUnit;
  today: string;
  canEdit: boolean;
  staff: boolean;
  onChange: (p: JointActionPayload) => readonly unknown[];
}) {
  const { t, lang } = useEnv();
  const recheck = recheckState(u, today);
  return (
    <li class={`card item-card${recheck === 'overdue' ? ' card-overdue' : ''}`} data-unit-id={u.id} data-outcome={u.outcome} data-recheck={recheck}>
      <div class="item-card-body">
        <p class="unit-label" data-field="unit">
          <strong>{u.unitLabel}</strong>
        </p>
        <p class="chips">
          <span class={`chip ${TONE_CLASS[OUTCOME_TONE[u.outcome]]}`} data-field="outcome">
            {t(`ja.outcome.${u.outcome}`)}
          </span>
          {u.relapse === true && <span class="chip chip-danger">{t('ja.relapse')}</span>}
          {recheck === 'overdue' && <span class="chip chip-danger">{t('ja.recheckOverdue')}</span>}
        </p>
        <p class="prewrap" data-field="finding">
          {u.finding}
        </p>
        {u.caseNumber && (
          <p class="small" data-field="case">
            {t('ja.followUpCase')}
            {staff && u.caseId ? (
              <a class="inline-link" href={casePath(u.caseId)} data-case-id={u.caseId}>
                {u.caseNumber}
              </a>
            ) : (
              <span>{u.caseNumber}</span>
            )}
          </p>
        )}
        {u.recheckDueOn && !u.recheckedOn && (
          <p class="small deadline" data-field="recheck-due">
            {t('ja.recheckDue', { date: formatDate(lang, u.recheckDueOn) })}
          </p>
        )}
        {u.recheckedOn && (
          <p class="small" data-field="rechecked">
            {t('ja.recheckedOn', { date: formatDate(lang, u.recheckedOn) })}
            {u.recheckFinding ? `${t('ref.colon')}${u.recheckFinding}` : ''}
          </p>
        )}
        {canEdit && !u.recheckedOn && <RecheckForm unit={u} onChange={onChange} />}
      </div>
    </li>
  );
}

function RecheckForm({ unit, onChange }: { unit: JointActionUnit; onChange: (p: JointActionPayload) => readonly unknown[] }) {
  const { t, call, offline } = useEnv();
  const [finding, setFinding] = useState('');
  const [relapse, setRelapse] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const prefix = `rc-${unit.id}`;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const problem = textProblem(finding);
    setFieldError(problem ? t(PROBLEM_KEYS[problem]) : null);
    setMessage(null);
    if (problem) {
      (event.currentTarget as HTMLFormElement).querySelector<HTMLElement>(`#${prefix}-finding`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const { recordJointRecheck: p } = await call(RecordJointRecheckMutation, { input: { unitId: unit.id, finding: finding.trim(), relapse } });
      if (p.userErrors.length > 0) {
        const split = errorsByField(p.userErrors, ['finding']);
        setFieldError(split.byField['finding'] ?? null);
        if (split.rest.length > 0) setMessage({ tone: 'alert', text: split.rest.join(' ') });
        return;
      }
      onChange(p);
    } catch (e) {
      setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="more-action">
      <summary>
        {t('ja.recheck')}
        <span class="sr-only">{` · ${unit.unitLabel}`}</span>
      </summary>
      <form class="action-form" noValidate data-action="recheck" onSubmit={submit} aria-labelledby={`${prefix}-title`}>
        <h3 id={`${prefix}-title`}>{t('ja.recheckTitle', { unit: unit.unitLabel })}</h3>
        <label for={`${prefix}-finding`}>{t('ja.recheckFinding')}</label>
        <textarea
          id={`${prefix}-finding`}
          rows={3}
          maxLength={2000}
          value={finding}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? `${prefix}-finding-error` : undefined}
          onInput={(e) => setFinding(e.currentTarget.value)}
        />
        {fieldError && (
          <p id={`${prefix}-finding-error`} class="field-error">
            {fieldError}
          </p>
        )}
        <div class="check">
          <input id={`${prefix}-relapse`} type="checkbox" checked={relapse} onChange={(e) => setRelapse(e.currentTarget.checked)} />
          <label for={`${prefix}-relapse`}>{t('ja.relapseLabel')}</label>
        </div>
        <Said message={message} />
        <button class="primary" type="submit" disabled={busy || offline}>
          {busy ? t('file.submitting') : t('ja.recheckSubmit')}
        </button>
      </form>
    </details>
  );
}

type UnitField = keyof JointUnitValues;
const UNIT_FIELDS: readonly UnitField[] = ['unitId', 'finding', 'outcome', 'caseNumber', 'recheckDueOn'];

function AddUnitForm({ action, onChange }: { action: JointAction; onChange: (p: JointActionPayload) => readonly unknown[] }) {
  const { t, call, offline } = useEnv();
  const [values, setValues] = useState<JointUnitValues>(EMPTY_JOINT_UNIT);
  const [errors, setErrors] = useState<Partial<Record<UnitField, string>>>({});
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const units = unitChoices(action.community);
  const done = new Set(action.units.map((u) => u.unitLabel));

  const update = (patch: Partial<JointUnitValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors((prev) => {
      const left = { ...prev };
      for (const k of Object.keys(patch)) delete left[k as UnitField];
      return left;
    });
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const problems = jointUnitProblems(values, action.actionOn);
    const found = Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, t(PROBLEM_KEYS[p])])) as Partial<Record<UnitField, string>>;
    setErrors(found);
    setMessage(null);
    const first = UNIT_FIELDS.find((k) => found[k]);
    if (first) {
      form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const { addJointActionUnit: p } = await call(AddJointActionUnitMutation, {
        input: {
          actionId: action.id,
          unitId: values.unitId,
          finding: values.finding.trim(),
          outcome: values.outcome as JointUnitOutcome,
          caseNumber: values.caseNumber.trim() || null,
          recheckDueOn: values.recheckDueOn || null,
        },
      });
      if (p.userErrors.length > 0) {
        const split = errorsByField(p.userErrors, UNIT_FIELDS);
        setErrors(split.byField as Partial<Record<UnitField, string>>);
        if (split.rest.length > 0) setMessage({ tone: 'alert', text: split.rest.join(' ') });
        const firstServer = UNIT_FIELDS.find((k) => split.byField[k]);
        if (firstServer) form.querySelector<HTMLElement>(`[name="${firstServer}"]`)?.focus();
        return;
      }
      onChange(p);
      setValues(EMPTY_JOINT_UNIT);
      setMessage({ tone: 'status', text: t('ja.unitAdded') });
    } catch (e) {
      setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  const inv = (name: UnitField) => (errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': `au-${name}-error` } : {});
  const err = (name: UnitField) =>
    errors[name] ? (
      <p id={`au-${name}-error`} class="field-error">
        {errors[name]}
      </p>
    ) : null;

  return (
    <section class="card actions-card" aria-labelledby="au-title">
      <form class="action-form" noValidate data-action="add-unit" onSubmit={submit}>
        <h2 id="au-title">{t('ja.addUnit')}</h2>
        <label for="au-unitId">{t('ja.unit')}</label>
        <select id="au-unitId" name="unitId" value={values.unitId} disabled={units.length === 0} onChange={(e) => update({ unitId: e.currentTarget.value })} {...inv('unitId')}>
          <option value="">{t('ref.unitChoose')}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {done.has(u.label) ? t('ja.unitDone', { unit: u.label }) : u.label}
            </option>
          ))}
        </select>
        {err('unitId')}
        <label for="au-finding">{t('ja.finding')}</label>
        <textarea id="au-finding" name="finding" rows={3} maxLength={2000} value={values.finding} onInput={(e) => update({ finding: e.currentTarget.value })} {...inv('finding')} />
        {err('finding')}
        <fieldset class="choices" {...(errors.outcome ? { 'aria-describedby': 'au-outcome-error' } : {})}>
          <legend>{t('ja.outcome')}</legend>
          {JOINT_UNIT_OUTCOMES.map((o) => (
            <div class="check" key={o}>
              <input
                id={`au-outcome-${o}`}
                type="radio"
                name="outcome"
                value={o}
                checked={values.outcome === o}
                aria-invalid={errors.outcome ? true : undefined}
                onChange={() => update({ outcome: o })}
              />
              <label for={`au-outcome-${o}`}>{t(`ja.outcome.${o}`)}</label>
            </div>
          ))}
          {err('outcome')}
        </fieldset>
        <label for="au-caseNumber">
          {t('ja.caseNumber')}
          <span class="muted">{t('common.optional')}</span>
        </label>
        <input
          id="au-caseNumber"
          name="caseNumber"
          type="text"
          autocomplete="off"
          maxLength={60}
          value={values.caseNumber}
          aria-describedby={['au-caseNumber-hint', errors.caseNumber ? 'au-caseNumber-error' : ''].filter(Boolean).join(' ')}
          aria-invalid={errors.caseNumber ? true : undefined}
          onInput={(e) => update({ caseNumber: e.currentTarget.value })}
        />
        <p id="au-caseNumber-hint" class="hint">
          {t('ja.caseNumberHint')}
        </p>
        {err('caseNumber')}
        <label for="au-recheckDueOn">
          {t('ja.recheckDueOn')}
          <span class="muted">{t('common.optional')}</span>
        </label>
        <input
          id="au-recheckDueOn"
          name="recheckDueOn"
          type="date"
          min={action.actionOn}
          value={values.recheckDueOn}
          aria-describedby={['au-recheckDueOn-hint', errors.recheckDueOn ? 'au-recheckDueOn-error' : ''].filter(Boolean).join(' ')}
          aria-invalid={errors.recheckDueOn ? true : undefined}
          onInput={(e) => update({ recheckDueOn: e.currentTarget.value })}
        />
        <p id="au-recheckDueOn-hint" class="hint">
          {t('ja.recheckDueHint')}
        </p>
        {err('recheckDueOn')}
        <Said message={message} />
        <button class="primary" type="submit" disabled={busy || offline}>
          {busy ? t('file.submitting') : t('ja.addUnitSubmit')}
        </button>
      </form>
    </section>
  );
}
