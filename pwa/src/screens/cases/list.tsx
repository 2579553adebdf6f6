// The officer's and supervisor's case list: in the server's order (priority, then next deadline),
// with filter chips by stage, "mine" and "overdue".
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang, Translate } from '../../i18n';
import { CasesQuery } from '../../graphql/case-operations';
import { CASE_STAGES, type CaseFilter, type CaseStage, type CaseSummary } from '../../graphql/case-types';
import { errorText, formatTime, useHeadingFocus } from '../../ui';
import { DeadlineFlag, StageChip, casePath } from './common';

const PAGE = 30;
const FILTER_KEY = 'gongzhi.caseFilter';

export interface CaseListFilters {
  stage: CaseStage | '';
  mine: boolean;
  overdue: boolean;
}

export function loadCaseFilters(storage: Storage): CaseListFilters {
  try {
    const f = JSON.parse(storage.getItem(FILTER_KEY) ?? '{}') as Partial<CaseListFilters>;
    return { stage: f.stage && CASE_STAGES.includes(f.stage) ? f.stage : '', mine: f.mine === true, overdue: f.overdue === true };
  } catch {
    return { stage: '', mine: false, overdue: false };
  }
}

/** The GraphQL filter for the chips (null: everything in scope). */
export function caseFilterOf(f: CaseListFilters): CaseFilter | null {
  const filter: CaseFilter = {};
  if (f.stage) filter.stages = [f.stage];
  if (f.mine) filter.mine = true;
  if (f.overdue) filter.overdue = true;
  return Object.keys(filter).length > 0 ? filter : null;
}

export function CaseCard({ t, lang, kase }: { t: Translate; lang: Lang; kase: CaseSummary }) {
  const urgent = kase.overdue ? ' card-overdue' : kase.nearDue ? ' card-neardue' : '';
  const party = kase.parties[0];
  return (
    <li class={`card item-card${urgent}`} data-case-id={kase.id} data-stage={kase.stage}>
      <div class="item-card-body">
        <a class="item-link" href={casePath(kase.id)}>
          {kase.number}
        </a>
        <p class="chips">
          <StageChip t={t} stage={kase.stage} />
          <DeadlineFlag t={t} overdue={kase.overdue} nearDue={kase.nearDue} />
          {kase.procedure === 'SUMMARY' && <span class="chip chip-neutral">{t('procedure.SUMMARY')}</span>}
        </p>
        <p class="case-matter">
          <span class="code">{kase.matter.code}</span> {kase.matter.name}
        </p>
        <p class="muted small">
          {kase.community.name}
          {kase.unitLabel ? ` ${kase.unitLabel}` : ''}
        </p>
        {party && (
          <p class="muted small" data-field="party">
            {t(`party.${party.kind}`)}{t('common.colon')}{party.name}
            {party.idNumber ? ` · ${party.idNumber}` : ''}
          </p>
        )}
        {kase.nextDeadline && (
          <p class="small deadline" data-field="next-deadline">
            {t('cases.nextDeadline', { time: formatTime(lang, kase.nextDeadline) })}
          </p>
        )}
      </div>
    </li>
  );
}

export function CaseListScreen() {
  const { t, lang, user, call, storage, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [filters, setFilters] = useState<CaseListFilters>(() => loadCaseFilters(storage));
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (after: string | null) => {
    setBusy(true);
    try {
      const { cases: page } = await call(CasesQuery, { filter: caseFilterOf(filters), first: PAGE, after });
      const nodes = page.edges.map((e) => e.node);
      setCases((prev) => (after && prev ? [...prev, ...nodes] : nodes));
      setTotal(page.totalCount);
      setCursor(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    storage.setItem(FILTER_KEY, JSON.stringify(filters));
    if (!offline) void load(null);
  }, [filters.stage, filters.mine, filters.overdue, offline, lang]);

  const chip = (pressed: boolean, label: string, onClick: () => void, data: string) => (
    <button type="button" class="filter-chip" aria-pressed={pressed} onClick={onClick} data-filter={data}>
      {label}
    </button>
  );

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('cases.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <div class="filter-chips" role="group" aria-label={t('cases.filterShow')}>
          {chip(filters.mine, t('cases.mine'), () => setFilters({ ...filters, mine: !filters.mine }), 'mine')}
          {chip(filters.overdue, t('cases.overdue'), () => setFilters({ ...filters, overdue: !filters.overdue }), 'overdue')}
        </div>
        <div class="filter-chips" role="group" aria-label={t('cases.filterStage')}>
          {chip(filters.stage === '', t('cases.stageAll'), () => setFilters({ ...filters, stage: '' }), 'stage-all')}
          {CASE_STAGES.map((s) => chip(filters.stage === s, t(`stage.${s}`), () => setFilters({ ...filters, stage: s }), `stage-${s}`))}
        </div>
        {user.role === 'OFFICER' && (
          <p class="small">
            <a class="inline-link" href="/approvals">
              {t('approvals.titleMine')}
            </a>
          </p>
        )}
        {cases === null && !offline && !error && <p role="status">{t('common.loading')}</p>}
        {cases && (
          <section aria-labelledby="cases-list-heading">
            <h2 id="cases-list-heading" class="muted small">
              {t('inbox.count', { n: String(total) })}
            </h2>
            {cases.length === 0 ? (
              <p class="muted">{t('cases.empty')}</p>
            ) : (
              <ul class="list" data-list="cases">
                {cases.map((c) => (
                  <CaseCard key={c.id} t={t} lang={lang} kase={c} />
                ))}
              </ul>
            )}
            {cursor && (
              <button class="secondary" type="button" disabled={busy} onClick={() => void load(cursor)}>
                {t('items.loadMore')}
              </button>
            )}
          </section>
        )}
      </div>
    </main>
  );
}
