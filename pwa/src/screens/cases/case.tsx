// One case (SPEC §7): header, parties (whole ID numbers here only), linked filings, clocks, the steps
// the server offers, evidence (with the phone's outbox), chronology, approvals and duty checks.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Translate } from '../../i18n';
import { CaseQuery } from '../../graphql/case-operations';
import type { Case, CaseEvent } from '../../graphql/case-types';
import { StatusChip, errorText, formatTime, useHeadingFocus } from '../../ui';
import { CaseActions } from './case-actions';
import { ClockChip, DeadlineFlag, Fact, Facts, StageChip, decisionSummary, fineRangeText, itemPath } from './common';
import { DutyCheckCard } from './duty-checks';
import { EvidenceSection } from './evidence';
import { CASE_DOCUMENTS } from '../../router';

/** The event's name in words: a known action, else the stage it led to, else the server's code. */
export function caseEventLabel(t: Translate, e: CaseEvent): string {
  const action = e.action.toUpperCase();
  const known: Record<string, Parameters<Translate>[0]> = {
    OPEN: 'caseEvent.OPENED',
    OPENED: 'caseEvent.OPENED',
    OPEN_CASE: 'caseEvent.OPENED',
    FILED: 'caseEvent.OPENED',
    ADD_EVIDENCE: 'caseEvent.EVIDENCE',
    EVIDENCE_ADDED: 'caseEvent.EVIDENCE',
    ADD_CASE_EVIDENCE: 'caseEvent.EVIDENCE',
    ADD_PARTY: 'caseEvent.PARTY',
    PARTY_ADDED: 'caseEvent.PARTY',
    HAND_OVER: 'action.HAND_OVER',
    HANDED_OVER: 'action.HAND_OVER',
    RECORD_RECHECK: 'action.RECORD_RECHECK',
    RECHECKED: 'action.RECORD_RECHECK',
    INVESTIGATE: 'action.INVESTIGATE',
    NOTIFY: 'action.NOTIFY',
    REQUEST_HEARING: 'action.REQUEST_HEARING',
    DECIDE: 'action.DECIDE',
    SERVE: 'action.SERVE',
    EXECUTE: 'action.EXECUTE',
    CLOSE: 'action.CLOSE',
  };
  const key = known[action];
  if (key) return t(key);
  if (e.toStage) return t(`stage.${e.toStage}`);
  return e.action;
}

export function CaseScreen({ id }: { id: string }) {
  const { t, call, offline, lang, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [kase, setKase] = useState<Case | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Reads can overlap (coming back online, an outbox send, a step): only the newest one's
  // answer is shown, so an older, slower read never puts a stale case back on the screen.
  const latest = useRef(0);
  const load = async () => {
    const n = ++latest.current;
    try {
      const read = (await call(CaseQuery, { id })).case;
      if (n !== latest.current) return;
      setKase(read);
      setError(null);
    } catch (e) {
      if (n === latest.current) setError(errorText(t, e));
    }
  };

  useEffect(() => {
    if (!offline) void load();
  }, [id, offline, lang]);

  return (
    <main class="content">
      <div class="screen" data-case-id={id} data-stage={kase?.stage} data-version={kase?.version}>
        <h1 ref={heading} tabIndex={-1}>
          {kase ? kase.number : t('case.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        {error && (
          <div role="alert" class="error">
            {error}{' '}
            <button class="link" type="button" onClick={() => void load()}>
              {t('common.retry')}
            </button>
          </div>
        )}
        {!kase && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {kase && <CaseDetails kase={kase} setCase={setKase} reload={load} />}
        {/* Offline before the case was read: evidence can still be recorded on site and sent later. */}
        {!kase && offline && <EvidenceSection caseId={id} evidence={null} canAdd reload={load} />}
      </div>
    </main>
  );
}

function CaseDetails({ kase, setCase, reload }: { kase: Case; setCase: (c: Case) => void; reload: () => Promise<void> }) {
  const { t, lang, user } = useEnv();
  const range = fineRangeText(t, lang, kase.matter);
  const officer = user.role === 'OFFICER';
  return (
    <>
      <p class="chips">
        <StageChip t={t} stage={kase.stage} />
        <span class="chip chip-neutral" data-procedure={kase.procedure}>
          {t(`procedure.${kase.procedure}`)}
        </span>
        <DeadlineFlag t={t} overdue={kase.overdue} nearDue={kase.nearDue} />
        {kase.decision?.major && <span class="chip chip-warn">{t('case.major')}</span>}
      </p>
      <Facts>
        <Fact label={t('case.matter')} field="matter">
          <span class="code">{kase.matter.code}</span> {kase.matter.name}
        </Fact>
        <Fact label={t('case.legalBasis')} field="legal-basis">
          {kase.matter.legalBasis}
        </Fact>
        {range && (
          <Fact label={t('case.fineRangeLabel')} field="fine-range">
            {range}
          </Fact>
        )}
        <Fact label={t('item.place')}>
          {kase.community.name}
          {kase.unitLabel ? ` ${kase.unitLabel}` : ''}
        </Fact>
        <Fact label={t('case.origin')}>{t(`origin.${kase.origin}`)}</Fact>
        <Fact label={t('case.filedAt')}>{formatTime(lang, kase.filedAt)}</Fact>
        <Fact label={t('case.handlingUnit')} field="handling-unit">
          {kase.handlingUnit.name}
        </Fact>
        {kase.officer && <Fact label={t('case.officer')}>{kase.officer}</Fact>}
        {kase.proposed && (
          <Fact label={t('case.proposed')} field="proposed">
            {decisionSummary(t, lang, kase.proposed)}
          </Fact>
        )}
        {kase.decision && (
          <Fact label={t('case.decision')} field="decision">
            {decisionSummary(t, lang, kase.decision)}
          </Fact>
        )}
        {kase.hearingAt && <Fact label={t('case.hearingAt')}>{formatTime(lang, kase.hearingAt)}</Fact>}
        {kase.servedInPerson != null && (
          <Fact label={t('case.servedHow')}>{kase.servedInPerson ? t('case.servedInPerson') : t('case.servedOtherwise')}</Fact>
        )}
        {kase.legalReview && <Fact label={t('case.legalReview')}>{t(`approvalStatus.${kase.legalReview}`)}</Fact>}
        {kase.recheckDueAt && <Fact label={t('case.recheckDue')}>{formatTime(lang, kase.recheckDueAt)}</Fact>}
        {['A1', 'A2', 'A3', 'A4'].includes(kase.matter.code) && (
          <Fact label={t('case.restorationReport')} field="restoration-report">
            {kase.restorationReportAttached ? t('case.attached') : t('case.notAttached')}
          </Fact>
        )}
      </Facts>

      <section class="card" aria-labelledby="case-facts">
        <h2 id="case-facts">{t('case.facts')}</h2>
        <p class="prewrap" data-field="facts">
          {kase.facts}
        </p>
      </section>

      <nav class="card doc-links" aria-labelledby="case-docs">
        <h2 id="case-docs">{t('doc.heading')}</h2>
        <ul>
          {CASE_DOCUMENTS.map((d) => (
            <li key={d}>
              <a href={`/cases/${encodeURIComponent(kase.id)}/documents/${d}`}>{t(`doc.${d}`)}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="case-clocks">
        <h2 id="case-clocks">{t('case.clocks')}</h2>
        {kase.clocks.length === 0 ? (
          <p class="muted">{t('case.clocksEmpty')}</p>
        ) : (
          <ul class="list" data-list="clocks">
            {kase.clocks.map((c, i) => (
              <li
                key={`${c.kind}-${i}`}
                class={`card clock${c.state === 'PAST' ? ' card-overdue' : c.state === 'NEAR' ? ' card-neardue' : ''}`}
                data-clock={c.kind}
                data-clock-state={c.state}
              >
                <p class="chips">
                  <ClockChip t={t} state={c.state} />
                </p>
                <p class="evidence-title">{t(`clock.${c.kind}`)}</p>
                <p class="small deadline">{t('deadlines.due', { time: formatTime(lang, c.dueAt) })}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <CaseActions kase={kase} setCase={setCase} reload={reload} />

      <section aria-labelledby="case-parties">
        <h2 id="case-parties">{t('case.parties')}</h2>
        <ul class="list" data-list="parties">
          {kase.parties.map((p) => (
            <li key={p.id} class="card" data-party-id={p.id}>
              <p class="chips">
                <span class="chip chip-neutral">{t(`party.${p.kind}`)}</span>
              </p>
              <p class="evidence-title">{p.name}</p>
              {p.idNumber && (
                <p class="small" data-field="id-number">
                  {t(p.organisation ? 'party.creditCode' : 'party.idNumber')}{t('common.colon')}{p.idNumber}
                </p>
              )}
              {p.phone && (
                <p class="small">
                  {t('party.phone')}{t('common.colon')}<a class="inline-link" href={`tel:${p.phone}`}>
                    {p.phone}
                  </a>
                </p>
              )}
              {p.address && (
                <p class="small">
                  {t('party.address')}{t('common.colon')}{p.address}
                </p>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="case-items">
        <h2 id="case-items">{t('case.items')}</h2>
        {kase.items.length === 0 ? (
          <p class="muted">{t('case.itemsEmpty')}</p>
        ) : (
          <ul class="list" data-list="linked-items">
            {kase.items.map((i) => (
              <li key={i.id} class="card">
                <a class="item-link" href={itemPath(i.id)}>
                  {t(`kind.${i.kind}`)} · {formatTime(lang, i.createdAt)}
                </a>
                <p class="chips">
                  <StatusChip t={t} status={i.status} />
                  <span class="chip chip-neutral">{t(`source.${i.source}`)}</span>
                </p>
                <p class="excerpt">{i.description}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <EvidenceSection
        caseId={kase.id}
        evidence={kase.evidence}
        canAdd={officer && kase.stage !== 'CLOSED'}
        reload={reload}
      />

      {kase.approvals.length > 0 && (
        <section aria-labelledby="case-approvals">
          <h2 id="case-approvals">{t('approvals.title')}</h2>
          <ul class="list" data-list="case-approvals">
            {kase.approvals.map((a) => (
              <li key={a.id} class="card" data-approval-id={a.id} data-status={a.status}>
                <p class="chips">
                  <span class="chip chip-neutral">{t(`approvalKind.${a.kind}`)}</span>
                  <span class={`chip chip-${a.status === 'PENDING' ? 'warn' : a.status === 'APPROVED' ? 'done' : 'danger'}`}>
                    {t(`approvalStatus.${a.status}`)}
                  </span>
                </p>
                <p class="small">{a.reason}</p>
                <p class="small muted">{t('approvals.requested', { name: a.requestedBy, time: formatTime(lang, a.requestedAt) })}</p>
                {a.decidedBy && a.decidedAt && (
                  <p class="small muted">
                    {t('approvals.decided', { name: a.decidedBy, time: formatTime(lang, a.decidedAt) })}
                    {a.decisionNote ? `${t('common.colon')}${a.decisionNote}` : ''}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {kase.dutyChecks.length > 0 && (
        <section aria-labelledby="case-duty">
          <h2 id="case-duty">{t('duty.title')}</h2>
          <ul class="list" data-list="case-duty-checks">
            {kase.dutyChecks.map((c) => (
              <DutyCheckCard key={c.id} check={c} onChange={() => void reload()} />
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="case-chronology">
        <h2 id="case-chronology">{t('case.chronology')}</h2>
        {kase.chronology.length === 0 ? (
          <p class="muted">{t('item.timelineEmpty')}</p>
        ) : (
          <ol class="timeline" data-list="chronology">
            {kase.chronology.map((e, i) => (
              <li key={i} data-action={e.action} data-to-stage={e.toStage ?? undefined}>
                <p class="timeline-head">
                  <strong>{caseEventLabel(t, e)}</strong>
                  {e.actorName && <span class="muted"> · {e.actorName}</span>}
                  {!e.actorName && e.actorRole && <span class="muted"> · {t(`role.${e.actorRole}`)}</span>}
                </p>
                <p class="muted small">
                  <time dateTime={e.at}>{formatTime(lang, e.at)}</time>
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
