// 五治实践案例库 (SPEC §9): the published write-ups, searchable, with a chip per governance tag
// (法治 自治 综治 智治 共治). Officers and supervisors also keep their own drafts (我的案例稿) and
// write new ones; supervisors review what waits (待审核).
import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang, Translate } from '../../i18n';
import { PracticeCasesQuery } from '../../graphql/practice-operations';
import { GOVERNANCE_TAGS, type GovernanceTag, type PracticeSummary } from '../../graphql/figure-types';
import { errorText, formatTime, useHeadingFocus } from '../../ui';
import { StatusChip, TagChips, practicePath } from './common';

const PAGE = 20;

export type PracticeListMode = 'library' | 'mine' | 'review';

function PracticeCard({ t, lang, p, showStatus }: { t: Translate; lang: Lang; p: PracticeSummary; showStatus: boolean }) {
  return (
    <li class="card item-card" data-practice-id={p.id} data-status={p.status}>
      <div class="item-card-body">
        <a class="item-link" href={practicePath(p.id)}>
          {p.title}
        </a>
        <p class="chips">
          {showStatus && <StatusChip t={t} status={p.status} />}
          <TagChips t={t} tags={p.tags} />
        </p>
        <p class="excerpt">{p.summary}</p>
        <p class="muted small">
          {[p.author, p.communities.map((c) => c.name).join('、'), formatTime(lang, p.publishedAt ?? p.updatedAt)].filter(Boolean).join(' · ')}
        </p>
      </div>
    </li>
  );
}

const TITLES = { library: 'practice.title', mine: 'practiceMine.title', review: 'practiceReview.title' } as const;

export function PracticeListScreen({ mode }: { mode: PracticeListMode }) {
  const { t, lang, user, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const staff = user.role === 'OFFICER' || user.role === 'SUPERVISOR';
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [tag, setTag] = useState<GovernanceTag | null>(null);
  const [list, setList] = useState<PracticeSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const load = async (after: string | null) => {
    const ticket = ++latest.current;
    setBusy(true);
    try {
      const { practiceCases } = await call(PracticeCasesQuery, {
        search: query.trim() || null,
        tag,
        status: mode === 'review' ? 'IN_REVIEW' : null,
        mine: mode === 'mine',
        first: PAGE,
        after,
      });
      if (ticket !== latest.current) return;
      const nodes = practiceCases.edges.map((e) => e.node);
      setList((prev) => (after && prev ? [...prev, ...nodes] : nodes));
      setTotal(practiceCases.totalCount);
      setCursor(practiceCases.pageInfo.hasNextPage ? practiceCases.pageInfo.endCursor : null);
      setError(null);
    } catch (e) {
      if (ticket === latest.current) setError(errorText(t, e));
    } finally {
      if (ticket === latest.current) setBusy(false);
    }
  };

  useEffect(() => {
    if (!offline) void load(null);
  }, [query, tag, mode, offline, lang]);

  return (
    <main class="content">
      <div class="screen">
        {mode !== 'library' && (
          <p class="small">
            <a class="inline-link" href="/practice">
              {t('pr.back')}
            </a>
          </p>
        )}
        <h1 ref={heading} tabIndex={-1}>
          {t(TITLES[mode])}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <p class="muted small">{t(`pr.intro.${mode}`)}</p>
        {mode === 'library' && staff && (
          <ul class="plain-list link-list" data-list="practice-links">
            <li>
              <a class="inline-link" href="/practice/new" data-action="write">
                {t('pr.write')}
              </a>
            </li>
            <li>
              <a class="inline-link" href="/practice/mine" data-action="mine">
                {t('practiceMine.title')}
              </a>
            </li>
            {user.role === 'SUPERVISOR' && (
              <li>
                <a class="inline-link" href="/practice/review" data-action="review">
                  {t('practiceReview.title')}
                </a>
              </li>
            )}
          </ul>
        )}
        <form
          class="search-row"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(search);
          }}
        >
          <label for="practice-search">{t('pr.search')}</label>
          <div class="search-field">
            <input id="practice-search" type="search" value={search} onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)} />
            <button class="secondary" type="submit">
              {t('pr.searchSubmit')}
            </button>
          </div>
        </form>
        <div class="filter-chips" role="group" aria-label={t('pr.tagFilter')}>
          <button type="button" class="filter-chip" aria-pressed={tag === null} onClick={() => setTag(null)} data-tag="">
            {t('pr.allTags')}
          </button>
          {GOVERNANCE_TAGS.map((g) => (
            <button key={g} type="button" class="filter-chip" aria-pressed={tag === g} onClick={() => setTag(g)} data-tag={g}>
              {t(`pr.tag.${g}`)}
            </button>
          ))}
        </div>
        {list === null && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {list && (
          <section aria-labelledby="practice-count" aria-busy={busy}>
            <h2 id="practice-count" class="muted small">
              {t('pr.count', { n: String(total) })}
            </h2>
            {list.length === 0 ? (
              <p class="muted">{t(`pr.empty.${mode}`)}</p>
            ) : (
              <ul class="list" data-list="practice">
                {list.map((p) => (
                  <PracticeCard key={p.id} t={t} lang={lang} p={p} showStatus={mode !== 'library'} />
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
