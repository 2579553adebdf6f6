// What is waiting on this phone: queued filings (sent automatically) and refused ones (need the user).
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../env';
import type { OutboxEntry } from '../outbox/store';
import { formatTime } from '../ui';

export function useOutboxEntries(): readonly OutboxEntry[] {
  const { outbox } = useEnv();
  const [entries, setEntries] = useState<readonly OutboxEntry[]>(outbox.current);
  useEffect(() => outbox.subscribe(setEntries), [outbox]);
  return entries;
}

/**
 * One line under the header on every screen while something waits: "待发送 N 条". It links to where
 * the entries are listed: "my items" for filers, the case of the first waiting evidence for officers.
 */
export function OutboxStatus() {
  const { t, user } = useEnv();
  const entries = useOutboxEntries();
  const evidence = entries.find((e) => e.kind === 'evidence');
  const patrol = entries.find((e) => e.kind === 'patrolCheckin' || e.kind === 'patrolFinding');
  const href =
    user.role === 'OFFICER' || user.role === 'SUPERVISOR'
      ? evidence?.kind === 'evidence'
        ? `/cases/${encodeURIComponent(evidence.input.caseId)}`
        : patrol && (patrol.kind === 'patrolCheckin' || patrol.kind === 'patrolFinding')
          ? `/patrols/${encodeURIComponent(patrol.input.patrolId)}`
          : null
      : '/items';
  const queued = entries.filter((e) => e.state === 'queued').length;
  const attention = entries.length - queued;
  const text = [
    queued > 0 ? t('outbox.summary', { n: String(queued) }) : null,
    attention > 0 ? t('outbox.attentionSummary', { n: String(attention) }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <div role="status" class={text && href ? `outbox-status${attention > 0 ? ' outbox-status-attention' : ''}` : 'sr-empty'} data-outbox-queued={queued} data-outbox-attention={attention}>
      {text && href && <a href={href}>{text}</a>}
    </div>
  );
}

export function OutboxPanel() {
  const { t, lang, outbox, offline } = useEnv();
  const entries = useOutboxEntries();
  const [busy, setBusy] = useState(false);
  const queued = entries.filter((e) => e.state === 'queued');
  const attention = entries.filter((e) => e.state === 'attention');
  if (entries.length === 0) return null;

  const row = (e: OutboxEntry) => (
    <li key={e.key} class="card outbox-entry" data-outbox-key={e.key} data-outbox-state={e.state}>
      <p class="chips">
        <span class="chip chip-neutral">{t(`outbox.kind.${e.kind}`)}</span>
        {'photos' in e && e.photos && e.photos.length > 0 && (
          <span class="chip chip-neutral" data-outbox-photos={e.photos.length}>
            {t('outbox.photos', { n: String(e.photos.length) })}
          </span>
        )}
      </p>
      {e.title && <p class="outbox-title">{e.title}</p>}
      <p class="excerpt">{e.text}</p>
      <p class="muted small">{t('outbox.savedAt', { time: formatTime(lang, e.createdAt) })}</p>
      {e.state === 'attention' && e.error && (
        <p class="field-error" data-outbox-error>
          {[
            ...(e.error.photoErrors ?? []).map((p) => t('outbox.photoError', { n: String(p.index + 1), message: p.message })),
            e.error.message,
          ]
            .filter(Boolean)
            .join(' ')}
        </p>
      )}
      {e.state === 'queued' && e.error && (
        <p class="muted small">{t('outbox.lastError', { message: e.error.message })}</p>
      )}
      {e.state === 'attention' && (
        <div class="row-actions">
          <button class="secondary" type="button" disabled={busy || offline} onClick={() => run(() => outbox.retry(e.key))}>
            {t('outbox.retry')}
          </button>
          <button class="secondary danger" type="button" disabled={busy} onClick={() => run(() => outbox.discard(e.key))}>
            {t('outbox.discard')}
          </button>
        </div>
      )}
    </li>
  );

  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {attention.length > 0 && (
        <section aria-labelledby="outbox-attention-heading" class="outbox">
          <h2 id="outbox-attention-heading">
            {t('outbox.attentionHeading')} ({attention.length})
          </h2>
          <p class="muted small">{t('outbox.attentionIntro')}</p>
          <ul class="list">{attention.map(row)}</ul>
        </section>
      )}
      {queued.length > 0 && (
        <section aria-labelledby="outbox-heading" class="outbox">
          <h2 id="outbox-heading">{t('outbox.summary', { n: String(queued.length) })}</h2>
          <p class="muted small">{t('outbox.intro')}</p>
          <ul class="list">{queued.map(row)}</ul>
          {!offline && (
            <button class="secondary" type="button" disabled={busy} onClick={() => run(() => outbox.flush())}>
              {t('outbox.sendNow')}
            </button>
          )}
        </section>
      )}
    </>
  );
}
