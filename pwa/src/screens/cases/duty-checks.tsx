// 物业履责核查: officers conclude the open checks (PASSED / FAILED with a note; FAILED opens the D1
// case against the firm); property firms read the checks on themselves.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { ConcludeDutyCheckMutation, DutyChecksQuery } from '../../graphql/case-operations';
import type { DutyCheck, DutyCheckStatus } from '../../graphql/case-types';
import { errorText, formatTime, useHeadingFocus } from '../../ui';
import { ActionForm, Label, fieldValue } from './action-form';
import { casePath } from './common';

const STATUS_TONE: Record<DutyCheckStatus, string> = { OPEN: 'warn', PASSED: 'done', FAILED: 'danger' };

export function DutyCheckCard({ check, onChange }: { check: DutyCheck; onChange?: ((c: DutyCheck) => void) | undefined }) {
  const { t, lang, user, call } = useEnv();
  const [firmCaseId, setFirmCaseId] = useState<string | null>(check.firmCaseId);
  const canConclude = user.role === 'OFFICER' && check.status === 'OPEN' && onChange;
  const failedCase = firmCaseId ?? check.firmCaseId;
  return (
    <li class="card duty-check" data-duty-check-id={check.id} data-status={check.status}>
      <p class="chips">
        <span class={`chip chip-${STATUS_TONE[check.status]}`}>{t(`dutyStatus.${check.status}`)}</span>
        {check.matterCode && <span class="chip chip-neutral">{check.matterCode}</span>}
      </p>
      <p class="evidence-title">{check.firmName}</p>
      <p class="muted small">
        {check.communityName}
        {check.unitLabel ? ` ${check.unitLabel}` : ''} · {formatTime(lang, check.createdAt)}
      </p>
      <p class="small">
        <strong>{t('duty.evidence')}</strong> {check.evidence}
      </p>
      {check.note && (
        <p class="small">
          <strong>{t('duty.note')}</strong> {check.note}
        </p>
      )}
      {check.concludedAt && <p class="small muted">{t('duty.concludedAt', { time: formatTime(lang, check.concludedAt) })}</p>}
      {user.role !== 'PROPERTY' && check.ownerCaseId && (
        <p class="small">
          <a href={casePath(check.ownerCaseId)}>{t('duty.ownerCase')}</a>
        </p>
      )}
      {user.role !== 'PROPERTY' && check.status === 'FAILED' && failedCase && (
        <p class="small" data-firm-case>
          <a href={casePath(failedCase)}>{t('duty.firmCase')}</a>
        </p>
      )}
      {canConclude && (
        <details class="more-action">
          <summary>{t('duty.conclude')}</summary>
          <ActionForm
            action={`CONCLUDE-${check.id}`}
            title={t('duty.conclude')}
            fields={['result', 'note']}
            submitLabel={t('duty.concludeSubmit')}
            onConflict={() => undefined}
            onSubmit={async (form) => {
              const result = fieldValue(form, 'result') as DutyCheckStatus | '';
              const note = fieldValue(form, 'note');
              const local: Record<string, string> = {};
              if (!result) local['result'] = t('file.requiredChoice');
              if (!note) local['note'] = t('file.required');
              if (Object.keys(local).length > 0) return { local };
              const { concludeDutyCheck: p } = await call(ConcludeDutyCheckMutation, {
                input: { dutyCheckId: check.id, result: result as DutyCheckStatus, note },
              });
              if (p.userErrors.length === 0 && p.dutyCheck) {
                if (p.firmCase) setFirmCaseId(p.firmCase.id);
                onChange?.({ ...p.dutyCheck, firmCaseId: p.dutyCheck.firmCaseId ?? p.firmCase?.id ?? null });
              }
              return { userErrors: p.userErrors };
            }}
          >
            {(f) => (
              <>
                <fieldset class="choices" {...f.inv('result')}>
                  <legend>{t('duty.result')}</legend>
                  {(['PASSED', 'FAILED'] as const).map((r) => (
                    <div class="check" key={r}>
                      <input id={f.id(`result-${r}`)} type="radio" name="result" value={r} />
                      <label for={f.id(`result-${r}`)}>{t(`dutyResult.${r}`)}</label>
                    </div>
                  ))}
                  {f.err('result')}
                </fieldset>
                <Label f={f} name="note">
                  {t('duty.note')}
                </Label>
                <textarea id={f.id('note')} name="note" rows={3} maxLength={2000} {...f.inv('note')} />
                {f.err('note')}
              </>
            )}
          </ActionForm>
        </details>
      )}
    </li>
  );
}

export function DutyChecksScreen() {
  const { t, user, call, offline, lang, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const firm = user.role === 'PROPERTY';
  const [status, setStatus] = useState<DutyCheckStatus | ''>(firm ? '' : 'OPEN');
  const [checks, setChecks] = useState<DutyCheck[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      const { dutyChecks } = await call(DutyChecksQuery, { status: status || null, first: 100 });
      setChecks(dutyChecks.edges.map((e) => e.node));
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    }
  };
  useEffect(() => {
    if (!offline) void load();
  }, [status, offline, lang]);

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {firm ? t('duty.titleFirm') : t('duty.title')}
        </h1>
        <p class="muted small">{firm ? t('duty.introFirm') : t('duty.intro')}</p>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <fieldset class="filters">
          <legend class="sr-only">{t('inbox.filters')}</legend>
          <label for="duty-status">{t('inbox.status')}</label>
          <select id="duty-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as DutyCheckStatus | '')}>
            <option value="">{t('inbox.statusAll')}</option>
            {(['OPEN', 'PASSED', 'FAILED'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`dutyStatus.${s}`)}
              </option>
            ))}
          </select>
        </fieldset>
        {checks === null && !offline && !error && <p role="status">{t('common.loading')}</p>}
        {checks &&
          (checks.length === 0 ? (
            <p class="muted">{t('duty.empty')}</p>
          ) : (
            <ul class="list" data-list="duty-checks">
              {checks.map((c) => (
                <DutyCheckCard
                  key={c.id}
                  check={c}
                  onChange={firm ? undefined : (next) => setChecks((prev) => prev?.map((x) => (x.id === next.id ? next : x)) ?? null)}
                />
              ))}
            </ul>
          ))}
      </div>
    </main>
  );
}
