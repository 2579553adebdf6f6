// "My items": what the account filed or joined, newest first, with the outbox on top.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../env';
import { MyItemsQuery } from '../graphql/operations';
import type { ItemSummary } from '../graphql/types';
import { useItemChanges } from '../live';
import { ItemCard, errorText, useHeadingFocus } from '../ui';
import { OutboxPanel, useOutboxEntries } from './outbox-panel';

const PAGE = 20;

export function MyItemsScreen() {
  const { t, lang, user, call, live, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [items, setItems] = useState<ItemSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const outboxSize = useOutboxEntries().length;

  /** `refresh`: after a live event: keeps as many items as shown, and the list as it was on failure. */
  const load = async (after: string | null, refresh = false) => {
    if (!refresh) setBusy(true);
    try {
      const first = refresh ? Math.max(PAGE, items?.length ?? 0) : PAGE;
      const { myItems } = await call(MyItemsQuery, { first, after });
      const page = myItems.edges.map((e) => e.node);
      setItems((prev) => (after && prev ? [...prev, ...page] : page));
      setTotal(myItems.totalCount);
      setCursor(myItems.pageInfo.hasNextPage ? myItems.pageInfo.endCursor : null);
      setError(null);
    } catch (e) {
      if (!refresh) setError(errorText(t, e));
    } finally {
      if (!refresh) setBusy(false);
    }
  };

  // One of my items moved (accepted, replied…): the list follows without a reload.
  const liveStatus = useItemChanges(live, user.role, () => {
    if (!offline && items !== null) void load(null, true);
  });

  // Reload when coming online and when the outbox sends something.
  useEffect(() => {
    if (!offline) void load(null);
  }, [offline, outboxSize, lang]);

  return (
    <main class="content">
      <div class="screen" data-live={liveStatus}>
        <h1 ref={heading} tabIndex={-1}>
          {t('items.title')}
        </h1>
        <OutboxPanel />
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        {error && (
          <div role="alert" class="error">
            {error}{' '}
            <button class="link" type="button" onClick={() => void load(null)}>
              {t('common.retry')}
            </button>
          </div>
        )}
        {items === null && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {items && (
          <section aria-labelledby="items-list-heading">
            <h2 id="items-list-heading" class="muted small">
              {t('items.count', { n: String(total) })}
            </h2>
            {items.length === 0 ? (
              <p class="muted">{t('items.empty')}</p>
            ) : (
              <ul class="list" data-list="my-items">
                {items.map((item) => (
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
      </div>
    </main>
  );
}
