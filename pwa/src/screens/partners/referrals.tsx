// 转办与移送: the referrals of the caller's scope. The housing partner looks at one side at a time —
// 转办收件箱 (what the bureau referred to it: OUTGOING) or 我方移送 (what it referred to the bureau:
// INCOMING) — and files a new one (移送城管); officers and supervisors see both directions. State
// chips narrow the list; overdue referrals say so in words.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang, Translate } from '../../i18n';
import type { Role } from '../../graphql/types';
import { ReferralsQuery } from '../../graphql/partner-operations';
import { REFERRAL_STATES, type ReferralSummary } from '../../graphql/partner-types';
import { errorText, useHeadingFocus } from '../../ui';
import { ClockLine, OverdueChip, StateChip } from './common';
import {
  answerClock,
  directionKey,
  loadReferralFilters,
  needsLetter,
  nextFirst,
  referralPath,
  saveReferralFilters,
  type ReferralFilters,
} from './logic';

const PAGE = 30;

export function ReferralCard({ t, lang, role, r, showDirection }: { t: Translate; lang: Lang; role: Role; r: ReferralSummary; showDirection: boolean }) {
  const clock = answerClock(t, lang, r, Date.now());
  const place = `${r.item.communityName}${r.item.unitLabel ? ` ${r.item.unitLabel}` : ''}`;
  return (
    <li class={`card item-card${r.overdue ? ' card-overdue' : ''}`} data-referral-id={r.id} data-state={r.state} data-direction={r.direction}>
      <div class="item-card-body">
        <a class="item-link" href={referralPath(r.id)}>
          {r.reference}
        </a>
        <p class="chips">
          <StateChip t={t} state={r.state} />
          <OverdueChip t={t} r={r} />
          {showDirection && <span class="chip chip-neutral">{t(directionKey(role, r.direction))}</span>}
          {role !== 'HOUSING' && needsLetter(r) && <span class="chip chip-neutral">{t('ref.paperChip')}</span>}
          {r.sends > 1 && <span class="chip chip-neutral">{t('ref.sendsChip', { n: String(r.sends) })}</span>}
        </p>
        <p class="small" data-field="department">
          {r.department.name}
        </p>
        <p class="muted small">
          {r.item.matterName ? `${r.item.matterName} · ` : ''}
          {place}
        </p>
        <p class="excerpt">{r.item.description}</p>
        <ClockLine text={clock.text} tone={clock.tone} field="answer-clock" />
      </div>
    </li>
  );
}

export function ReferralsScreen() {
  const { t, lang, user, call, storage, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const housing = user.role === 'HOUSING';
  const [filters, setFilters] = useState<ReferralFilters>(() => loadReferralFilters(storage, user.role));
  const [list, setList] = useState<ReferralSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [more, setMore] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** `first`: how many to show (more than one page after "load more"; read again from the start). */
  const load = async (first: number) => {
    setBusy(true);
    try {
      const { referrals } = await call(ReferralsQuery, {
        direction: filters.direction || null,
        state: filters.state || null,
        first,
        after: null,
      });
      setList(referrals.nodes);
      setTotal(referrals.totalCount);
      setMore(nextFirst(referrals.nodes.length, referrals.hasMore, PAGE));
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    saveReferralFilters(storage, user.role, filters);
    if (!offline) void load(PAGE);
  }, [filters.direction, filters.state, offline, lang]);

  const chip = (pressed: boolean, label: string, onClick: () => void, data: string) => (
    <button key={data} type="button" class="filter-chip" aria-pressed={pressed} onClick={onClick} data-filter={data}>
      {label}
    </button>
  );

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('referrals.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <p class="muted small">{housing ? t('ref.listIntroHousing') : t('ref.listIntroStaff')}</p>
        {housing && (
          <p class="list-action">
            <a class="button primary" href="/referrals/new" data-action="new-referral">
              {t('ref.newReferral')}
            </a>
          </p>
        )}
        <div class="filter-chips" role="group" aria-label={t('ref.filterDirection')}>
          {!housing && chip(filters.direction === '', t('ref.dir.all'), () => setFilters({ ...filters, direction: '' }), 'direction-all')}
          {chip(filters.direction === 'OUTGOING', t(directionKey(user.role, 'OUTGOING')), () => setFilters({ ...filters, direction: 'OUTGOING' }), 'direction-OUTGOING')}
          {chip(filters.direction === 'INCOMING', t(directionKey(user.role, 'INCOMING')), () => setFilters({ ...filters, direction: 'INCOMING' }), 'direction-INCOMING')}
        </div>
        <div class="filter-chips" role="group" aria-label={t('ref.filterState')}>
          {chip(filters.state === '', t('ref.stateAll'), () => setFilters({ ...filters, state: '' }), 'state-all')}
          {REFERRAL_STATES.map((s) => chip(filters.state === s, t(`ref.state.${s}`), () => setFilters({ ...filters, state: s }), `state-${s}`))}
        </div>
        {list === null && !offline && !error && <p role="status">{t('common.loading')}</p>}
        {list && (
          <section aria-labelledby="referrals-count">
            <h2 id="referrals-count" class="muted small">
              {t('inbox.count', { n: String(total) })}
            </h2>
            {list.length === 0 ? (
              <p class="muted" data-field="referrals-empty">
                {t('ref.empty')}
              </p>
            ) : (
              <ul class="list" data-list="referrals">
                {list.map((r) => (
                  <ReferralCard key={r.id} t={t} lang={lang} role={user.role} r={r} showDirection={!filters.direction} />
                ))}
              </ul>
            )}
            {more && (
              <button class="secondary" type="button" disabled={busy} onClick={() => void load(more)}>
                {t('items.loadMore')}
              </button>
            )}
          </section>
        )}
      </div>
    </main>
  );
}
