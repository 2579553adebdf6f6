// The steps the server offers on a case now (`availableActions`), each a small form. Every step sends
// the `version` of the case as it was loaded: CONFLICT means someone else acted first.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { MessageKey } from '../../i18n';
import {
  CloseCaseMutation,
  DecideCaseMutation,
  ExecuteCaseMutation,
  HandOverCaseMutation,
  HandlingUnitsQuery,
  InvestigateCaseMutation,
  NotifyCaseMutation,
  RecordRecheckMutation,
  RequestApprovalMutation,
  RequestHearingMutation,
  ServeCaseMutation,
} from '../../graphql/case-operations';
import {
  DECISION_KINDS,
  type Case,
  type CaseAction,
  type CasePayload,
  type Decision,
  type DecisionInput,
  type DecisionKind,
  type HandlingUnit,
} from '../../graphql/case-types';
import { localInputToIso } from '../../ui';
import { ActionForm, Label, fieldValue, type FieldCtx, type SubmitResult } from './action-form';
import { checkDecision, dateInDays, fineRangeText } from './common';

interface StepProps {
  kase: Case;
  setCase: (c: Case) => void;
  reload: () => Promise<void>;
}

const DECISION_FIELDS = ['kind', 'fineCny', 'seriousReason', 'rectifyBy', 'demolish', 'text'] as const;

/** The decision (or proposed decision) the form holds. */
export function readDecision(form: HTMLFormElement): DecisionInput {
  const kind = (fieldValue(form, 'kind') || 'WARNING') as DecisionKind;
  const fine = fieldValue(form, 'fineCny');
  const fineNumber = fine === '' ? null : Number(fine);
  return {
    kind,
    fineCny: kind === 'FINE' ? (fineNumber !== null && Number.isFinite(fineNumber) ? fineNumber : null) : null,
    rectifyBy: kind !== 'WARNING' ? fieldValue(form, 'rectifyBy') || null : null,
    demolish: kind === 'ORDER_TO_RECTIFY' && fieldValue(form, 'demolish') === 'on',
    seriousReason: kind === 'FINE' ? fieldValue(form, 'seriousReason') || null : null,
    text: fieldValue(form, 'text') || null,
  };
}

function DecisionFields({ f, kase, initial }: { f: FieldCtx; kase: Case; initial: Decision | null }) {
  const { t, lang } = useEnv();
  const [kind, setKind] = useState<DecisionKind>(initial?.kind ?? (kase.matter.fineMinCny != null ? 'FINE' : 'WARNING'));
  const [fine, setFine] = useState<string>(initial?.fineCny != null ? String(initial.fineCny) : '');
  const range = fineRangeText(t, lang, kase.matter);
  const serious = kind === 'FINE' && kase.matter.fineMaxCny != null && Number(fine) > kase.matter.fineMaxCny;
  return (
    <>
      <fieldset class="choices" {...f.inv('kind')}>
        <legend>{t('case.decisionKind')}</legend>
        {DECISION_KINDS.map((k) => (
          <div class="check" key={k}>
            <input id={f.id(`kind-${k}`)} type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            <label for={f.id(`kind-${k}`)}>{t(`decision.${k}`)}</label>
          </div>
        ))}
        {f.err('kind')}
      </fieldset>
      {kind === 'FINE' && (
        <>
          <Label f={f} name="fineCny">
            {t('case.fineCny')}
          </Label>
          {range && (
            <p class="hint" id={f.id('fineCny-hint')} data-fine-range>
              {range}
            </p>
          )}
          <input
            id={f.id('fineCny')}
            name="fineCny"
            type="number"
            inputMode="numeric"
            min={kase.matter.fineMinCny ?? 0}
            max={kase.matter.fineSeriousMaxCny ?? kase.matter.fineMaxCny ?? undefined}
            step={1}
            value={fine}
            onInput={(e) => setFine(e.currentTarget.value)}
            aria-describedby={range ? f.id('fineCny-hint') : undefined}
            {...f.inv('fineCny')}
          />
          {f.err('fineCny')}
          {serious && (
            <>
              <Label f={f} name="seriousReason">
                {t('case.seriousReason')}
              </Label>
              <p class="hint">{t('case.seriousReasonHint')}</p>
              <textarea id={f.id('seriousReason')} name="seriousReason" rows={3} maxLength={2000} {...f.inv('seriousReason')} />
              {f.err('seriousReason')}
            </>
          )}
        </>
      )}
      {kind !== 'WARNING' && (
        <>
          <Label f={f} name="rectifyBy" optional={kind === 'FINE'}>
            {t('case.rectifyBy')}
          </Label>
          <input
            id={f.id('rectifyBy')}
            name="rectifyBy"
            type="date"
            min={dateInDays(1)}
            value={initial?.rectifyBy ?? undefined}
            {...f.inv('rectifyBy')}
          />
          {f.err('rectifyBy')}
        </>
      )}
      {kind === 'ORDER_TO_RECTIFY' && (
        <div class="check">
          <input id={f.id('demolish')} name="demolish" type="checkbox" checked={initial?.demolish ?? undefined} />
          <label for={f.id('demolish')}>{t('case.demolishAsk')}</label>
        </div>
      )}
      <Label f={f} name="text" optional>
        {t('case.decisionText')}
      </Label>
      <textarea id={f.id('text')} name="text" rows={2} maxLength={2000} value={initial?.text ?? undefined} {...f.inv('text')} />
      {f.err('text')}
    </>
  );
}

function NoteField({ f, required, label }: { f: FieldCtx; required?: boolean; label?: MessageKey }) {
  const { t } = useEnv();
  return (
    <>
      <Label f={f} name="note" optional={!required}>
        {t(label ?? 'item.note')}
      </Label>
      <textarea id={f.id('note')} name="note" rows={2} maxLength={2000} {...f.inv('note')} />
      {f.err('note')}
    </>
  );
}

/** The client's checks of a decision, as field messages. */
function decisionProblems(t: (k: MessageKey, p?: Record<string, string>) => string, d: DecisionInput, kase: Case) {
  const problems = checkDecision(d, kase.matter);
  const local: Record<string, string> = {};
  if (problems.fineCny === 'required') local['fineCny'] = t('case.fineRequired');
  if (problems.fineCny === 'range') local['fineCny'] = t('case.fineOutOfRange');
  if (problems.seriousReason) local['seriousReason'] = t('case.seriousReasonRequired');
  if (problems.rectifyBy) local['rectifyBy'] = t('file.required');
  return local;
}

const SHOWN: readonly CaseAction[] = [
  'INVESTIGATE',
  'NOTIFY',
  'REQUEST_HEARING',
  'DECIDE',
  'SERVE',
  'EXECUTE',
  'CLOSE',
  'RECORD_RECHECK',
  'HAND_OVER',
  'REQUEST_LEGAL_REVIEW',
  'REQUEST_EXTENSION',
];

export function CaseActions({ kase, setCase, reload }: StepProps) {
  const { t, call } = useEnv();
  const can = (a: CaseAction) => kase.availableActions.includes(a);
  if (!SHOWN.some(can)) return null;
  const v = { caseId: kase.id, version: kase.version };

  /** Takes the new case from a payload; userErrors go back to the form. */
  const take = (p: CasePayload): SubmitResult => {
    if (p.userErrors.length === 0 && p.case) setCase(p.case);
    return { userErrors: p.userErrors };
  };
  const common = { onConflict: reload };

  return (
    <section class="card actions-card" aria-labelledby="case-actions">
      <h2 id="case-actions">{t('item.actions')}</h2>
      {kase.legalReview === 'PENDING' && <p class="notice">{t('case.legalReviewPending')}</p>}

      {can('INVESTIGATE') && (
        <ActionForm
          {...common}
          action="INVESTIGATE"
          title={t('action.INVESTIGATE')}
          fields={['note']}
          submitLabel={t('action.INVESTIGATE')}
          onSubmit={async (form) =>
            take((await call(InvestigateCaseMutation, { input: { ...v, note: fieldValue(form, 'note') || null } })).investigateCase)
          }
        >
          {(f) => <NoteField f={f} />}
        </ActionForm>
      )}

      {can('NOTIFY') && (
        <ActionForm
          {...common}
          action="NOTIFY"
          title={t('action.NOTIFY')}
          intro={<p class="hint">{t('case.notifyIntro')}</p>}
          fields={[...DECISION_FIELDS, 'note']}
          submitLabel={t('action.NOTIFY')}
          onSubmit={async (form) => {
            const proposed = readDecision(form);
            const local = decisionProblems(t, proposed, kase);
            if (Object.keys(local).length > 0) return { local };
            return take((await call(NotifyCaseMutation, { input: { ...v, proposed, note: fieldValue(form, 'note') || null } })).notifyCase);
          }}
        >
          {(f) => (
            <>
              <DecisionFields f={f} kase={kase} initial={kase.proposed} />
              <NoteField f={f} />
            </>
          )}
        </ActionForm>
      )}

      {can('REQUEST_HEARING') && (
        <ActionForm
          {...common}
          action="REQUEST_HEARING"
          title={t('action.REQUEST_HEARING')}
          intro={<p class="hint">{t('case.hearingIntro')}</p>}
          fields={['hearingAt', 'note']}
          submitLabel={t('action.REQUEST_HEARING')}
          onSubmit={async (form) => {
            const hearingAt = localInputToIso(fieldValue(form, 'hearingAt'));
            if (!hearingAt) return { local: { hearingAt: t('file.required') } };
            return take(
              (await call(RequestHearingMutation, { input: { ...v, hearingAt, note: fieldValue(form, 'note') || null } })).requestHearing,
            );
          }}
        >
          {(f) => (
            <>
              <Label f={f} name="hearingAt">
                {t('case.hearingAt')}
              </Label>
              <input id={f.id('hearingAt')} name="hearingAt" type="datetime-local" {...f.inv('hearingAt')} />
              {f.err('hearingAt')}
              <NoteField f={f} />
            </>
          )}
        </ActionForm>
      )}

      {can('DECIDE') && (
        <ActionForm
          {...common}
          action="DECIDE"
          title={t('action.DECIDE')}
          intro={kase.procedure === 'SUMMARY' ? <p class="hint">{t('case.summaryIntro')}</p> : null}
          fields={[...DECISION_FIELDS, 'waived', 'note']}
          submitLabel={t('action.DECIDE')}
          onSubmit={async (form) => {
            const decision = readDecision(form);
            const local = decisionProblems(t, decision, kase);
            if (Object.keys(local).length > 0) return { local };
            const waived = fieldValue(form, 'waived') === 'on';
            return take((await call(DecideCaseMutation, { input: { ...v, decision, waived, note: fieldValue(form, 'note') || null } })).decideCase);
          }}
        >
          {(f) => (
            <>
              <DecisionFields f={f} kase={kase} initial={kase.proposed} />
              {hearingWindowOpen(kase) && (
                <>
                  <p class="hint">{t('case.hearingWindowOpen')}</p>
                  <div class="check">
                    <input id={f.id('waived')} name="waived" type="checkbox" {...f.inv('waived')} />
                    <label for={f.id('waived')}>{t('case.waived')}</label>
                  </div>
                  {f.err('waived')}
                </>
              )}
              <NoteField f={f} />
            </>
          )}
        </ActionForm>
      )}

      {can('SERVE') && (
        <ActionForm
          {...common}
          action="SERVE"
          title={t('action.SERVE')}
          fields={['inPerson', 'note']}
          submitLabel={t('action.SERVE')}
          onSubmit={async (form) => {
            const how = fieldValue(form, 'inPerson');
            if (!how) return { local: { inPerson: t('file.requiredChoice') } };
            return take(
              (await call(ServeCaseMutation, { input: { ...v, inPerson: how === 'yes', note: fieldValue(form, 'note') || null } })).serveCase,
            );
          }}
        >
          {(f) => (
            <>
              <YesNo f={f} name="inPerson" legend={t('case.servedHow')} yes={t('case.servedInPerson')} no={t('case.servedOtherwise')} />
              <NoteField f={f} />
            </>
          )}
        </ActionForm>
      )}

      {can('EXECUTE') && (
        <ActionForm
          {...common}
          action="EXECUTE"
          title={t('action.EXECUTE')}
          intro={<p class="hint">{t('case.executeIntro')}</p>}
          fields={['note']}
          submitLabel={t('action.EXECUTE')}
          onSubmit={async (form) =>
            take((await call(ExecuteCaseMutation, { input: { ...v, note: fieldValue(form, 'note') || null } })).executeCase)
          }
        >
          {(f) => <NoteField f={f} />}
        </ActionForm>
      )}

      {can('CLOSE') && (
        <ActionForm
          {...common}
          action="CLOSE"
          title={t('action.CLOSE')}
          fields={['outcome']}
          submitLabel={t('action.CLOSE')}
          onSubmit={async (form) => {
            const outcome = fieldValue(form, 'outcome');
            if (!outcome) return { local: { outcome: t('file.required') } };
            return take((await call(CloseCaseMutation, { input: { ...v, outcome } })).closeCase);
          }}
        >
          {(f) => (
            <>
              <Label f={f} name="outcome">
                {t('case.outcome')}
              </Label>
              <p class="hint">{t('case.outcomeHint')}</p>
              <textarea id={f.id('outcome')} name="outcome" rows={4} maxLength={2000} {...f.inv('outcome')} />
              {f.err('outcome')}
            </>
          )}
        </ActionForm>
      )}

      {can('RECORD_RECHECK') && (
        <ActionForm
          {...common}
          action="RECORD_RECHECK"
          title={t('action.RECORD_RECHECK')}
          fields={['relapse', 'note']}
          submitLabel={t('action.RECORD_RECHECK')}
          onSubmit={async (form) => {
            const relapse = fieldValue(form, 'relapse');
            const note = fieldValue(form, 'note');
            const local: Record<string, string> = {};
            if (!relapse) local['relapse'] = t('file.requiredChoice');
            if (!note) local['note'] = t('file.required');
            if (Object.keys(local).length > 0) return { local };
            return take((await call(RecordRecheckMutation, { input: { ...v, relapse: relapse === 'yes', note } })).recordRecheck);
          }}
        >
          {(f) => (
            <>
              <YesNo f={f} name="relapse" legend={t('case.relapse')} yes={t('case.relapseYes')} no={t('case.relapseNo')} />
              <NoteField f={f} required label="case.recheckNote" />
            </>
          )}
        </ActionForm>
      )}

      {can('HAND_OVER') && (
        <details class="more-action">
          <summary>{t('action.HAND_OVER')}</summary>
          <HandOverForm kase={kase} setCase={setCase} reload={reload} />
        </details>
      )}

      {can('REQUEST_LEGAL_REVIEW') && (
        <details class="more-action">
          <summary>{t('action.REQUEST_LEGAL_REVIEW')}</summary>
          <ActionForm
            {...common}
            action="REQUEST_LEGAL_REVIEW"
            title={t('action.REQUEST_LEGAL_REVIEW')}
            intro={<p class="hint">{t('case.legalReviewIntro')}</p>}
            fields={['reason']}
            submitLabel={t('case.requestSubmit')}
            onSubmit={async (form) => {
              const reason = fieldValue(form, 'reason');
              if (!reason) return { local: { reason: t('file.required') } };
              const { requestApproval } = await call(RequestApprovalMutation, { input: { kind: 'LEGAL_REVIEW', caseId: kase.id, reason } });
              if (requestApproval.userErrors.length === 0) await reload();
              return { userErrors: requestApproval.userErrors };
            }}
          >
            {(f) => <ReasonField f={f} />}
          </ActionForm>
        </details>
      )}

      {can('REQUEST_EXTENSION') && (
        <details class="more-action">
          <summary>{t('action.REQUEST_EXTENSION')}</summary>
          <ActionForm
            {...common}
            action="REQUEST_EXTENSION"
            title={t('action.REQUEST_EXTENSION')}
            fields={['days', 'reason']}
            submitLabel={t('case.requestSubmit')}
            onSubmit={async (form) => {
              const days = Number(fieldValue(form, 'days'));
              const reason = fieldValue(form, 'reason');
              const local: Record<string, string> = {};
              if (!Number.isInteger(days) || days < 1 || days > 90) local['days'] = t('case.extensionDaysInvalid');
              if (!reason) local['reason'] = t('file.required');
              if (Object.keys(local).length > 0) return { local };
              const { requestApproval } = await call(RequestApprovalMutation, {
                input: { kind: 'DECISION_EXTENSION', caseId: kase.id, reason, days },
              });
              if (requestApproval.userErrors.length === 0) await reload();
              return { userErrors: requestApproval.userErrors };
            }}
          >
            {(f) => (
              <>
                <Label f={f} name="days">
                  {t('case.extensionDays')}
                </Label>
                <input id={f.id('days')} name="days" type="number" inputMode="numeric" min={1} max={90} step={1} {...f.inv('days')} />
                {f.err('days')}
                <ReasonField f={f} />
              </>
            )}
          </ActionForm>
        </details>
      )}
    </section>
  );
}

function ReasonField({ f }: { f: FieldCtx }) {
  const { t } = useEnv();
  return (
    <>
      <Label f={f} name="reason">
        {t('case.reason')}
      </Label>
      <textarea id={f.id('reason')} name="reason" rows={3} maxLength={2000} {...f.inv('reason')} />
      {f.err('reason')}
    </>
  );
}

function YesNo({ f, name, legend, yes, no }: { f: FieldCtx; name: string; legend: string; yes: string; no: string }) {
  return (
    <fieldset class="choices" {...f.inv(name)}>
      <legend>{legend}</legend>
      {(
        [
          ['yes', yes],
          ['no', no],
        ] as const
      ).map(([value, label]) => (
        <div class="check" key={value}>
          <input id={f.id(`${name}-${value}`)} type="radio" name={name} value={value} />
          <label for={f.id(`${name}-${value}`)}>{label}</label>
        </div>
      ))}
      {f.err(name)}
    </fieldset>
  );
}

function HandOverForm({ kase, setCase, reload }: StepProps) {
  const { t, call } = useEnv();
  const [units, setUnits] = useState<HandlingUnit[] | null>(null);
  useEffect(() => {
    call(HandlingUnitsQuery, {}).then(
      (r) => setUnits(r.handlingUnits.filter((u) => u.id !== kase.handlingUnit.id)),
      () => setUnits([]),
    );
  }, []);
  return (
    <ActionForm
      action="HAND_OVER"
      title={t('action.HAND_OVER')}
      fields={['toUnitId', 'reason']}
      submitLabel={t('action.HAND_OVER')}
      onConflict={reload}
      onSubmit={async (form) => {
        const toUnitId = fieldValue(form, 'toUnitId');
        const reason = fieldValue(form, 'reason');
        const local: Record<string, string> = {};
        if (!toUnitId) local['toUnitId'] = t('file.requiredChoice');
        if (!reason) local['reason'] = t('file.required');
        if (Object.keys(local).length > 0) return { local };
        const { handOverCase } = await call(HandOverCaseMutation, {
          input: { caseId: kase.id, version: kase.version, toUnitId, reason },
        });
        if (handOverCase.userErrors.length === 0 && handOverCase.case) setCase(handOverCase.case);
        return { userErrors: handOverCase.userErrors };
      }}
    >
      {(f) => (
        <>
          <Label f={f} name="toUnitId">
            {t('case.handOverTo')}
          </Label>
          <select id={f.id('toUnitId')} name="toUnitId" {...f.inv('toUnitId')}>
            <option value="">{units === null ? t('common.loading') : t('case.chooseUnit')}</option>
            {units?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          {f.err('toUnitId')}
          <ReasonField f={f} />
        </>
      )}
    </ActionForm>
  );
}

/** After the notice the party has 5 working days to speak up or ask for a hearing; deciding
 * before they end needs the party's written waiver. */
function hearingWindowOpen(kase: Case): boolean {
  return kase.stage === 'NOTIFIED' && kase.clocks.some((c) => c.kind === 'HEARING_REQUEST' && (c.state === 'RUNNING' || c.state === 'NEAR'));
}
