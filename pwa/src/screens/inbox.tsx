// The officer's and supervisor's inbox: in the server's order (priority, then time limit), with
// filters and bulk accept of new items.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../env';
import { AcceptItemsMutation, InboxQuery } from '../graphql/operations';
import { ITEM_STATUSES, type InboxFilter, type ItemStatus, type ItemSummary } from '../graphql/types';
import { useItemChanges } from '../live';
import { ItemCard, errorText, itemTitle, useHeadingFocus } from '../ui';

const PAGE = 30;
const FILTER_KEY = 'gongzhi.inboxFilter';

interface Filters {
  status: ItemStatus | '';
  overdue: boolean;
}

function loadFilters(storage: Storage): Filters {
  try {
    const f = JSON.parse(storage.getItem(FILTER_KEY) ?? '{}') as Partial<Filters>;
    return {
      status: f.status && ITEM_STATUSES.includes(f.status) ? f.status : '',
      overdue: f.overdue === true,
    };
  } catch {
    return { status: '', overdue: false };
  }
}

export function InboxScreen() {
  const { t, lang, user, call, live, storage, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [filters, setFilters] = useState<Filters>(() => loadFilters(storage));
  const [items, setItems] = useState<ItemSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'status' | 'alert'; text: string } | null>(null);
  const canAccept = user.role === 'OFFICER' || user.role === 'SUPERVISOR';

  const filter = (): InboxFilter | null => {
    const f: InboxFilter = {};
    if (filters.status) f.statuses = [filters.status];
    if (filters.overdue) f.overdue = true;
    return Object.keys(f).length > 0 ? f : null;
  };

  /**
   * `after`: the next page. `live`: a refresh after a live event, which keeps what is loaded (as many
   * items as shown) and what is selected, and does not show its errors (the socket may run ahead of
   * a flaky connection; the list stays as it was).
   */
  const load = async (after: string | null, refresh = false) => {
    if (!refresh) setBusy(true);
    try {
      const first = refresh ? Math.max(PAGE, items?.length ?? 0) : PAGE;
      const { inbox } = await call(InboxQuery, { filter: filter(), first, after });
      const page = inbox.edges.map((e) => e.node);
      setItems((prev) => (after && prev ? [...prev, ...page] : page));
      setTotal(inbox.totalCount);
      setCursor(inbox.pageInfo.hasNextPage ? inbox.pageInfo.endCursor : null);
      if (refresh) {
        const still = new Set(page.filter((i) => i.status === 'SUBMITTED').map((i) => i.id));
        setSelected((prev) => new Set([...prev].filter((id) => still.has(id))));
      } else if (!after) setSelected(new Set());
    } catch (e) {
      if (!refresh) setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      if (!refresh) setBusy(false);
    }
  };

  // A new or moved item in the squad's work: the list follows without a reload.
  const liveStatus = useItemChanges(live, user.role, () => {
    if (!offline && items !== null) void load(null, true);
  });

  useEffect(() => {
    storage.setItem(FILTER_KEY, JSON.stringify(filters));
    if (!offline) void load(null);
  }, [filters.status, filters.overdue, offline, lang]);

  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const acceptSelected = async () => {
    if (selected.size === 0) return;
    setBusy(true);
    setMessage(null);
    try {
      const { acceptItems } = await call(AcceptItemsMutation, { input: { itemIds: [...selected] } });
      const text = [
        acceptItems.items.length > 0 ? t('inbox.accepted', { n: String(acceptItems.items.length) }) : null,
        ...acceptItems.userErrors.map((u) => u.message),
      ]
        .filter(Boolean)
        .join(' ');
      setMessage({ tone: acceptItems.userErrors.length > 0 ? 'alert' : 'status', text });
      await load(null);
    } catch (e) {
      setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  const selectable = (item: ItemSummary) => canAccept && item.status === 'SUBMITTED';

  return (
    <main class="content">
      <div class="screen" data-live={liveStatus}>
        <h1 ref={heading} tabIndex={-1}>
          {t('inbox.title')}
        </h1>
        <div role="status" class={message?.tone === 'status' ? 'notice' : offline ? 'notice' : 'sr-empty'}>
          {message?.tone === 'status' ? message.text : offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={message?.tone === 'alert' ? 'error' : 'sr-empty'}>
          {message?.tone === 'alert' ? message.text : null}
        </div>

        <fieldset class="filters">
          <legend>{t('inbox.filters')}</legend>
          <label for="inbox-status">{t('inbox.status')}</label>
          <select
            id="inbox-status"
            value={filters.status}
            onChange={(e) => setFilters({ ...filters, status: e.currentTarget.value as ItemStatus | '' })}
          >
            <option value="">{t('inbox.statusAll')}</option>
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          <div class="check">
            <input
              id="inbox-overdue"
              type="checkbox"
              checked={filters.overdue}
              onChange={(e) => setFilters({ ...filters, overdue: e.currentTarget.checked })}
            />
            <label for="inbox-overdue">{t('inbox.overdueOnly')}</label>
          </div>
        </fieldset>

        {items === null && !offline && <p role="status">{t('common.loading')}</p>}
        {items && (
          <section aria-labelledby="inbox-list-heading">
            <h2 id="inbox-list-heading" class="muted small">
              {t('inbox.count', { n: String(total) })}
            </h2>
            {items.length === 0 ? (
              <p class="muted">{t('inbox.empty')}</p>
            ) : (
              <ul class="list" data-list="inbox">
                {items.map((item) => (
                  <ItemCard key={item.id} t={t} lang={lang} item={item}>
                    {selectable(item) && (
                      <div class="select-box">
                        <input
                          id={`sel-${item.id}`}
                          type="checkbox"
                          checked={selected.has(item.id)}
                          onChange={(e) => toggle(item.id, e.currentTarget.checked)}
                        />
                        <label for={`sel-${item.id}`} class="sr-only">
                          {t('inbox.select', { title: `${itemTitle(t, item)} · ${item.community.name}` })}
                        </label>
                      </div>
                    )}
                  </ItemCard>
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
        {canAccept && selected.size > 0 && (
          <div class="actions">
            <button class="primary" type="button" disabled={busy || offline} onClick={() => void acceptSelected()}>
              {busy ? t('inbox.accepting') : t('inbox.acceptSelected', { n: String(selected.size) })}
            </button>
          </div>
        )}
      </div>
    </main>
  );
}
