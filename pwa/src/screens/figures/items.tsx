// 明细: the items behind one number of the figures (figureItems with its measure), each linked to its
// item page, 30 at a time, exported to .xlsx (up to the server's 10,000 rows).
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { FigureItemsQuery } from '../../graphql/figure-operations';
import type { ItemSummary } from '../../graphql/types';
import { ItemCard, errorText, useHeadingFocus } from '../../ui';
import { ExportButton } from './export';
import { formatCount, formatDate, itemsExportUrl, parseDrillDown } from './logic';

const PAGE = 30;

export function FigureItemsScreen({ search }: { search: string }) {
  const { t, lang, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const drill = parseDrillDown(search);
  const [list, setList] = useState<ItemSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (after: string | null) => {
    if (!drill) return;
    setBusy(true);
    try {
      const { figureItems } = await call(FigureItemsQuery, {
        filter: drill.filter,
        measure: drill.measure,
        by: drill.by,
        key: drill.key,
        first: PAGE,
        after,
      });
      const nodes = figureItems.edges.map((e) => e.node);
      setList((prev) => (after && prev ? [...prev, ...nodes] : nodes));
      setTotal(figureItems.totalCount);
      setCursor(figureItems.pageInfo.hasNextPage ? figureItems.pageInfo.endCursor : null);
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (!offline) void load(null);
  }, [search, offline, lang]);

  return (
    <main class="content">
      <div class="screen">
        <p class="small">
          <a class="inline-link" href="/figures">
            {t('fig.back')}
          </a>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {drill ? t(`fig.measure.${drill.measure}`) : t('figureItems.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        {!drill ? (
          <p class="error">{t('fig.badDrillDown')}</p>
        ) : (
          <>
            <p class="muted small" data-field="drill-scope">
              {[drill.label, t('fig.periodLine', { from: formatDate(lang, drill.filter.from), to: formatDate(lang, drill.filter.to) })]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {list === null && !error && !offline && <p role="status">{t('common.loading')}</p>}
            {list && (
              <section aria-labelledby="drill-count">
                <h2 id="drill-count" class="muted small" data-total={total}>
                  {t('fig.itemCount', { n: formatCount(lang, total) })}
                </h2>
                <ExportButton id="items" path={itemsExportUrl(drill)} fallbackName={`items-${drill.filter.from}-${drill.filter.to}.xlsx`} />
                {list.length === 0 ? (
                  <p class="muted">{t('fig.noItems')}</p>
                ) : (
                  <ul class="list" data-list="figure-items">
                    {list.map((item) => (
                      <ItemCard key={item.id} t={t} lang={lang} item={item} />
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
          </>
        )}
      </div>
    </main>
  );
}
