// 期限: every clock due within 7 days or already past, across the cases in scope, and the inbox items
// that are overdue or near their time limit, in one list sorted by due time.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { CasesQuery } from '../../graphql/case-operations';
import { InboxQuery } from '../../graphql/operations';
import type { ItemSummary } from '../../graphql/types';
import type { CaseClock, CaseSummary, ClockState } from '../../graphql/case-types';
import { errorText, formatTime, itemTitle, useHeadingFocus } from '../../ui';
import { ClockChip, casePath, itemPath } from './common';

export const DEADLINE_WINDOW_DAYS = 7;

export type DeadlineRow =
  | { kind: 'clock'; key: string; dueAt: string; state: ClockState; kase: CaseSummary; clock: CaseClock }
  | { kind: 'item'; key: string; dueAt: string; state: ClockState; item: ItemSummary };

/**
 * The rows of the deadline list: each case clock not done that is past or due within the window,
 * and each overdue or near-due item (deduplicated), sorted by due time (past first).
 */
export function deadlineRows(
  cases: readonly CaseSummary[],
  items: readonly ItemSummary[],
  now = Date.now(),
  days = DEADLINE_WINDOW_DAYS,
): DeadlineRow[] {
  const until = now + days * 86_400_000;
  const rows: DeadlineRow[] = [];
  const seenCases = new Set<string>();
  for (const kase of cases) {
    if (seenCases.has(kase.id)) continue;
    seenCases.add(kase.id);
    kase.clocks.forEach((clock, i) => {
      if (clock.state === 'DONE') return;
      const due = Date.parse(clock.dueAt);
      if (clock.state === 'PAST' || clock.state === 'NEAR' || due <= until) {
        const state: ClockState = clock.state === 'RUNNING' && due < now ? 'PAST' : clock.state;
        rows.push({ kind: 'clock', key: `${kase.id}:${clock.kind}:${i}`, dueAt: clock.dueAt, state, kase, clock });
      }
    });
  }
  const seenItems = new Set<string>();
  for (const item of items) {
    if (seenItems.has(item.id) || !item.nextDeadline || !(item.overdue || item.nearDue)) continue;
    seenItems.add(item.id);
    rows.push({ kind: 'item', key: `item:${item.id}`, dueAt: item.nextDeadline, state: item.overdue ? 'PAST' : 'NEAR', item });
  }
  return rows.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.key.localeCompare(b.key));
}

export function DeadlinesScreen() {
  const { t, lang, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [rows, setRows] = useState<DeadlineRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      const [soon, past, overdueItems, inbox] = await Promise.all([
        call(CasesQuery, { filter: { dueWithinDays: DEADLINE_WINDOW_DAYS }, first: 100 }),
        call(CasesQuery, { filter: { overdue: true }, first: 100 }),
        call(InboxQuery, { filter: { overdue: true }, first: 100 }),
        call(InboxQuery, { filter: null, first: 100 }),
      ]);
      setRows(
        deadlineRows(
          [...past.cases.edges, ...soon.cases.edges].map((e) => e.node),
          [...overdueItems.inbox.edges, ...inbox.inbox.edges].map((e) => e.node),
        ),
      );
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  useEffect(() => {
    if (!offline) void load();
  }, [offline, lang]);

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('deadlines.title')}
        </h1>
        <p class="muted small">{t('deadlines.intro', { n: String(DEADLINE_WINDOW_DAYS) })}</p>
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
        {rows === null && !offline && !error && <p role="status">{t('common.loading')}</p>}
        {rows &&
          (rows.length === 0 ? (
            <p class="muted">{t('deadlines.empty')}</p>
          ) : (
            <ul class="list" data-list="deadlines">
              {rows.map((row) => (
                <li
                  key={row.key}
                  class={`card item-card${row.state === 'PAST' ? ' card-overdue' : row.state === 'NEAR' ? ' card-neardue' : ''}`}
                  data-deadline-kind={row.kind}
                  data-clock-state={row.state}
                >
                  <div class="item-card-body">
                    {row.kind === 'clock' ? (
                      <>
                        <a class="item-link" href={casePath(row.kase.id)}>
                          {row.kase.number}
                        </a>
                        <p class="chips">
                          <ClockChip t={t} state={row.state} />
                          <span class="chip chip-neutral">{t(`clock.${row.clock.kind}`)}</span>
                        </p>
                        <p class="muted small">
                          {row.kase.matter.code} {row.kase.matter.name} · {row.kase.community.name}
                        </p>
                      </>
                    ) : (
                      <>
                        <a class="item-link" href={itemPath(row.item.id)}>
                          {itemTitle(t, row.item)}
                        </a>
                        <p class="chips">
                          <ClockChip t={t} state={row.state} />
                          <span class="chip chip-neutral">{t('deadlines.itemLimit')}</span>
                        </p>
                        <p class="muted small">
                          {row.item.community.name}
                          {row.item.unitLabel ? ` ${row.item.unitLabel}` : ''}
                        </p>
                      </>
                    )}
                    <p class="small deadline">{t('deadlines.due', { time: formatTime(lang, row.dueAt) })}</p>
                  </div>
                </li>
              ))}
            </ul>
          ))}
      </div>
    </main>
  );
}
