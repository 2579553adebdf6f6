// Small pieces shared by the screens.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Lang, MessageKey, Translate } from './i18n';
import { GraphQLRequestError, NetworkError } from './graphql/client';
import type { ItemStatus, ItemSummary } from './graphql/types';
import { SessionExpiredError } from './session';

/** Focuses the heading after a screen change (not on the first paint). */
export function useHeadingFocus(focusHeading: { current: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusHeading.current) {
      focusHeading.current = false;
      ref.current?.focus();
    }
  });
  return ref;
}

export function errorText(t: Translate, e: unknown): string {
  if (e instanceof NetworkError) return t('error.network');
  if (e instanceof SessionExpiredError) return t('login.sessionExpired');
  if (e instanceof GraphQLRequestError) return e.message;
  return t('error.unexpected');
}

export function formatTime(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** `datetime-local` value (local time, minutes) ⇄ RFC 3339. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function nowLocalInput(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const STATUS_TONE: Record<ItemStatus, 'new' | 'active' | 'done'> = {
  SUBMITTED: 'new',
  ACCEPTED: 'active',
  VERIFYING: 'active',
  CONVERTED_TO_CASE: 'active',
  RESOLVED: 'active',
  REPLIED: 'done',
  CLOSED: 'done',
  ANSWERED: 'done',
};

export function StatusChip({ t, status }: { t: Translate; status: ItemStatus | null }) {
  if (!status) return null;
  return (
    <span class={`chip chip-${STATUS_TONE[status]}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

/** Overdue / near-due / public-safety / reopened flags, in words (never colour alone). */
export function ItemFlags({ t, item }: { t: Translate; item: ItemSummary }) {
  const flags: { key: MessageKey; tone: string; name: string }[] = [];
  if (item.overdue) flags.push({ key: 'flag.overdue', tone: 'danger', name: 'overdue' });
  else if (item.nearDue) flags.push({ key: 'flag.nearDue', tone: 'warn', name: 'near-due' });
  if (item.publicSafety) flags.push({ key: 'flag.publicSafety', tone: 'danger', name: 'public-safety' });
  if (item.reopened) flags.push({ key: 'flag.reopened', tone: 'warn', name: 'reopened' });
  if (flags.length === 0) return null;
  return (
    <>
      {flags.map((f) => (
        <span key={f.key} class={`chip chip-${f.tone}`} data-flag={f.name}>
          {t(f.key)}
        </span>
      ))}
    </>
  );
}

/** The line a list shows for an item: its matter, topic or kind. */
export function itemTitle(t: Translate, item: Pick<ItemSummary, 'matter' | 'topic' | 'kind'>): string {
  return item.topic ?? item.matter?.name ?? (item.kind ? t(`kind.${item.kind}`) : t('item.title'));
}

export function ItemCard({ t, lang, item, children }: { t: Translate; lang: Lang; item: ItemSummary; children?: ComponentChildren }) {
  const urgent = item.overdue ? ' card-overdue' : item.nearDue ? ' card-neardue' : '';
  return (
    <li class={`card item-card${urgent}`} data-item-id={item.id} data-status={item.status ?? undefined}>
      {children}
      <div class="item-card-body">
        <a class="item-link" href={`/items/${encodeURIComponent(item.id)}`}>
          {itemTitle(t, item)}
        </a>
        <p class="chips">
          <StatusChip t={t} status={item.status} />
          <ItemFlags t={t} item={item} />
        </p>
        <p class="muted small">
          {item.community.name}
          {item.unitLabel ? ` ${item.unitLabel}` : ''}
        </p>
        <p class="excerpt">{item.description}</p>
        {item.nextDeadline && (
          <p class="small deadline">{t('items.due', { time: formatTime(lang, item.nextDeadline) })}</p>
        )}
      </div>
    </li>
  );
}
