// One item: its facts, the timeline the filer sees, and the transitions the server says are
// available to this viewer (accept, start verification, resolve, reply, rate).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnv } from '../env';
import type { MessageKey, Translate } from '../i18n';
import {
  AcceptItemsMutation,
  AnswerSuggestionMutation,
  ExtendDeadlineMutation,
  ItemQuery,
  RateItemMutation,
  ReplyItemMutation,
  ResolveItemMutation,
  StartVerificationMutation,
} from '../graphql/operations';
import {
  RESOLUTIONS,
  type Adoption,
  type Item,
  type ItemEvent,
  type ItemPayload,
  type Rating,
  type Resolution,
  type UserError,
} from '../graphql/types';
import { useItemChanges } from '../live';
import { ItemFlags, StatusChip, errorText, formatTime, itemTitle, useHeadingFocus } from '../ui';
import { PhotoGrid } from './photo-grid';

const ADOPTIONS: readonly Adoption[] = ['ADOPTED', 'PARTLY_ADOPTED', 'NOT_ADOPTED'];
/** Signed photo URLs last 15 minutes: an item older than this is read again before a photo opens. */
const PHOTO_URL_FRESH_MS = 10 * 60_000;

const EVENT_KEYS: Record<string, MessageKey> = {
  FILED: 'event.FILED',
  FILE: 'event.FILED',
  SUBMITTED: 'event.FILED',
  JOINED: 'event.JOINED',
  JOIN: 'event.JOINED',
  ACCEPTED: 'event.ACCEPTED',
  ACCEPT: 'event.ACCEPTED',
  VERIFICATION_STARTED: 'event.VERIFICATION_STARTED',
  START_VERIFICATION: 'event.VERIFICATION_STARTED',
  RESOLVED: 'event.RESOLVED',
  RESOLVE: 'event.RESOLVED',
  REPLIED: 'event.REPLIED',
  REPLY: 'event.REPLIED',
  RATED: 'event.RATED',
  RATE: 'event.RATED',
  REOPENED: 'event.REOPENED',
  REOPEN: 'event.REOPENED',
  CLOSED: 'event.CLOSED',
  CLOSE: 'event.CLOSED',
  CONVERTED_TO_CASE: 'event.CONVERTED_TO_CASE',
  CONVERT_TO_CASE: 'event.CONVERTED_TO_CASE',
  DEADLINE_EXTENDED: 'event.DEADLINE_EXTENDED',
  EXTEND_DEADLINE: 'event.DEADLINE_EXTENDED',
  ANSWERED: 'event.ANSWERED',
  ANSWER_SUGGESTION: 'event.ANSWERED',
  CLOSED_QUIETLY: 'event.CLOSED',
  // 管执联动 (issue #8): the referral's steps, written into the item's history.
  REFER: 'event.REFERRED',
  REFERRAL_IN: 'event.REFERRAL_IN',
  REFERRAL_RECEIVED: 'event.REFERRAL_RECEIVED',
  REFERRAL_ANSWERED: 'event.REFERRAL_ANSWERED',
  REFERRAL_RETURNED: 'event.REFERRAL_RETURNED',
  REFERRAL_RESENT: 'event.REFERRAL_RESENT',
};

/** The event's name in words: a known action, else the status it led to, else the server's code. */
export function eventLabel(t: Translate, e: ItemEvent): string {
  const key = EVENT_KEYS[e.action.toUpperCase()];
  if (key) return t(key);
  if (e.toStatus) return t(`status.${e.toStatus}`);
  return e.action;
}

function Facts({ children }: { children: ComponentChildren }) {
  return <dl class="card facts">{children}</dl>;
}

function Fact({ label, children, field }: { label: string; children: ComponentChildren; field?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-field={field}>{children}</dd>
    </div>
  );
}

export function ItemScreen({ id }: { id: string }) {
  const { t, lang, user, call, live, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [item, setItemState] = useState<Item | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** When the shown item (and its signed photo URLs) was read. */
  const loadedAt = useRef(0);
  const setItem = (next: Item) => {
    loadedAt.current = Date.now();
    setItemState(next);
  };

  const load = async () => {
    try {
      setItem((await call(ItemQuery, { id })).item);
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  useEffect(() => {
    if (!offline) void load();
  }, [id, offline, lang]);

  // Someone else moved it (the officer replied, the filer rated): read it again.
  const liveStatus = useItemChanges(live, user.role, (change) => {
    if (!offline && (!change || change.id === id)) void load();
  });

  /** The photo URLs expire: read the item again when they are old or one failed to load. */
  const refreshPhotos = async (force: boolean) => {
    if (offline) return;
    if (force || Date.now() - loadedAt.current > PHOTO_URL_FRESH_MS) await load();
  };

  return (
    <main class="content">
      <div class="screen" data-item-id={id} data-status={item?.status ?? undefined} data-live={liveStatus}>
        <h1 ref={heading} tabIndex={-1}>
          {item ? itemTitle(t, item) : t('item.title')}
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
        {!item && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {item && <ItemDetails item={item} onChange={setItem} refreshPhotos={refreshPhotos} reload={load} />}
      </div>
    </main>
  );
}

type CasePanel = typeof import('./cases/item-case').ItemCasePanel;
type ReferralsPanel = typeof import('./partners/item-referrals').ItemReferralsPanel;

function ItemDetails({
  item,
  onChange,
  refreshPhotos,
  reload,
}: {
  item: Item;
  onChange: (item: Item) => void;
  refreshPhotos: (force: boolean) => Promise<void>;
  reload: () => Promise<void>;
}) {
  const { t, lang, user } = useEnv();
  // Officers and supervisors: the 诉转案 panel (its own chunk, with the case screens' code).
  const handles = (user.role === 'OFFICER' || user.role === 'SUPERVISOR') && item.kind !== 'SUGGESTION';
  const [CasePanel, setCasePanel] = useState<CasePanel | null>(null);
  useEffect(() => {
    if (handles) void import('./cases/item-case').then((m) => setCasePanel(() => m.ItemCasePanel)).catch(() => undefined);
  }, [handles]);
  // And 转办 (issue #8): the item's referrals, and referring it to a department (the partner screens' code).
  const [ReferralsPanel, setReferralsPanel] = useState<ReferralsPanel | null>(null);
  useEffect(() => {
    if (handles) void import('./partners/item-referrals').then((m) => setReferralsPanel(() => m.ItemReferralsPanel)).catch(() => undefined);
  }, [handles]);
  const place = `${item.community.name}${item.unitLabel ? ` ${item.unitLabel}` : ''}`;
  return (
    <>
      <p class="chips">
        <StatusChip t={t} status={item.status} />
        <ItemFlags t={t} item={item} />
        {item.late && <span class="chip chip-warn">{t('flag.late')}</span>}
        {item.mediaAttention && <span class="chip chip-warn">{t('flag.mediaAttention')}</span>}
        {item.anonymous && <span class="chip chip-neutral">{t('flag.anonymous')}</span>}
      </p>
      {item.reopened && item.mine && <p class="notice">{t('item.reopenedNote')}</p>}
      <Facts>
        {item.kind !== 'SUGGESTION' && (
          <Fact label={t('item.matter')} field="matter">
            {item.matter?.name ?? t('item.matterUnsure')}
          </Fact>
        )}
        <Fact label={t('item.place')} field="place">
          {place}
        </Fact>
        {item.source && <Fact label={t('item.source')}>{t(`source.${item.source}`)}</Fact>}
        <Fact label={t('item.createdAt')}>{formatTime(lang, item.createdAt)}</Fact>
        {item.seenAt && <Fact label={t('item.seenAt')}>{formatTime(lang, item.seenAt)}</Fact>}
        {item.nextDeadline && (
          <Fact label={t('item.deadline')} field="deadline">
            {formatTime(lang, item.nextDeadline)}
          </Fact>
        )}
        {item.filer && (
          <Fact label={t('item.filer')} field="filer">
            {item.filer.displayName}
            {item.filer.phone ? ` · ${item.filer.phone}` : ''}
          </Fact>
        )}
        {item.filerCount > 1 && <Fact label={t('item.filerCount')}>{item.filerCount}</Fact>}
        {item.renovationId && (
          <Fact label={t('item.renovation')} field="renovation">
            <a class="inline-link" href={`/renovations/${encodeURIComponent(item.renovationId)}`} data-renovation-id={item.renovationId}>
              {t('item.renovationOpen')}
            </a>
          </Fact>
        )}
      </Facts>

      {item.kind === 'SUGGESTION' ? (
        <Facts>
          {item.topic && <Fact label={t('file.topic')}>{item.topic}</Fact>}
          {item.reasons && <Fact label={t('file.reasons')}>{item.reasons}</Fact>}
          {item.measures && <Fact label={t('file.measures')}>{item.measures}</Fact>}
          {item.answer && (
            <Fact label={t('item.answer')} field="answer">
              <span class="prewrap">{item.answer}</span>
            </Fact>
          )}
          {item.adoption && (
            <Fact label={t('item.adoption')} field="adoption">
              {t(`adoption.${item.adoption}`)}
            </Fact>
          )}
        </Facts>
      ) : (
        <section class="card" aria-labelledby="item-description">
          <h2 id="item-description">{t('item.description')}</h2>
          <p class="prewrap">{item.description}</p>
        </section>
      )}

      {item.photos.length > 0 && <PhotoGrid photos={item.photos} refresh={refreshPhotos} />}

      {item.dissuasion && (
        <section aria-labelledby="item-dissuasion">
          <h2 id="item-dissuasion">{t('file.dissuasion')}</h2>
          <Facts>
            <Fact label={t('file.dissuasionAt')}>{formatTime(lang, item.dissuasion.at)}</Fact>
            <Fact label={t('file.dissuasionMethod')}>{item.dissuasion.method}</Fact>
            <Fact label={t('file.dissuasionBy')}>{item.dissuasion.by}</Fact>
            <Fact label={t('file.dissuasionOwnerResponse')}>{item.dissuasion.ownerResponse}</Fact>
          </Facts>
        </section>
      )}

      {(item.resolution || item.reply || item.rating) && (
        <Facts>
          {item.resolution && (
            <Fact label={t('item.resolution')} field="resolution">
              {t(`resolution.${item.resolution}`)}
            </Fact>
          )}
          {item.department && <Fact label={t('item.department')}>{item.department}</Fact>}
          {item.reply && (
            <Fact label={t('item.reply')} field="reply">
              <span class="prewrap">{item.reply}</span>
            </Fact>
          )}
          {item.rating && (
            <Fact label={t('item.rating')} field="rating">
              {t(`rating.${item.rating}`)}
            </Fact>
          )}
          {item.ratingComment && <Fact label={t('item.ratingComment')}>{item.ratingComment}</Fact>}
        </Facts>
      )}

      {CasePanel && <CasePanel item={item} onItemChanged={reload} />}

      {ReferralsPanel && <ReferralsPanel item={item} />}

      <Actions item={item} onChange={onChange} />

      <section aria-labelledby="item-timeline">
        <h2 id="item-timeline">{t('item.timeline')}</h2>
        {item.timeline.length === 0 ? (
          <p class="muted">{t('item.timelineEmpty')}</p>
        ) : (
          <ol class="timeline" data-list="timeline">
            {item.timeline.map((e, i) => (
              <li key={i} data-action={e.action} data-to-status={e.toStatus ?? undefined}>
                <p class="timeline-head">
                  <strong>{eventLabel(t, e)}</strong>
                  {e.actorRole && <span class="muted"> · {t(`role.${e.actorRole}`)}</span>}
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

type Outcome = { item: Item | null; userErrors: UserError[] };

/** The transitions the server offers this viewer now; each one is a small form. */
function Actions({ item, onChange }: { item: Item; onChange: (item: Item) => void }) {
  const { t, call, offline } = useEnv();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'status' | 'alert'; text: string } | null>(null);
  const [resolution, setResolution] = useState<Resolution | ''>('');
  const [rating, setRating] = useState<Rating | ''>('');
  const [adoption, setAdoption] = useState<Adoption | ''>('');
  const [daysInvalid, setDaysInvalid] = useState(false);
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const actions = item.availableActions;
  const can = (a: (typeof actions)[number]) => actions.includes(a);
  const shown = ['ACCEPT', 'START_VERIFICATION', 'RESOLVE', 'REPLY', 'RATE', 'ANSWER_SUGGESTION', 'EXTEND_DEADLINE'].some((a) =>
    actions.includes(a as never),
  );

  // A new status brings other steps: forget the choices made for the old ones (not on the first paint).
  const shownStatus = useRef(item.status);
  useEffect(() => {
    if (shownStatus.current === item.status) return;
    shownStatus.current = item.status;
    setResolution('');
    setRating('');
    setAdoption('');
    setMissing({});
  }, [item.status]);

  if (!shown) return null;

  const run = async (fn: () => Promise<Outcome>, form?: HTMLFormElement) => {
    setBusy(true);
    setMessage(null);
    try {
      const { item: next, userErrors } = await fn();
      if (userErrors.length > 0) {
        // Refused because it must become a case: say which rule, and where the way on is.
        const rule = userErrors.find((u) => u.code === 'MANDATORY_CASE' || u.code === 'REPEAT_NEEDS_CASE');
        const why = rule ? t(rule.code === 'MANDATORY_CASE' ? 'needsCase.MANDATORY_MATTER' : 'needsCase.REPEAT_COMPLAINT') : null;
        setMessage({ tone: 'alert', text: [...userErrors.map((u) => u.message), why].filter(Boolean).join(' ') });
      } else if (next) {
        form?.reset();
        setMessage({ tone: 'status', text: t('common.saved') });
        onChange(next);
      }
    } catch (e) {
      setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  const fieldValue = (form: HTMLFormElement, name: string) => {
    const el = form.elements.namedItem(name);
    return el && 'value' in el ? String(el.value).trim() : '';
  };

  /** Required fields of an action form; marks the empty ones. */
  const check = (form: HTMLFormElement, names: string[]) => {
    const empty: Record<string, boolean> = {};
    for (const n of names) if (!fieldValue(form, n)) empty[n] = true;
    setMissing(empty);
    const first = names.find((n) => empty[n]);
    if (first) (form.querySelector(`[name="${first}"]`) as HTMLElement | null)?.focus();
    return !first;
  };
  const invalid = (name: string) =>
    missing[name] ? { 'aria-invalid': true as const, 'aria-describedby': `a-${name}-error` } : {};
  const Missing = ({ name, choice, text }: { name: string; choice?: boolean; text?: MessageKey }) =>
    missing[name] ? (
      <p id={`a-${name}-error`} class="field-error">
        {t(text ?? (choice ? 'file.requiredChoice' : 'file.required'))}
      </p>
    ) : null;

  const payload = (p: ItemPayload): Outcome => p;

  return (
    <section class="card actions-card" aria-labelledby="item-actions">
      <h2 id="item-actions">{t('item.actions')}</h2>
      <div role="status" class={message?.tone === 'status' ? 'notice' : 'sr-empty'}>
        {message?.tone === 'status' ? message.text : null}
      </div>
      <div role="alert" class={message?.tone === 'alert' ? 'error' : 'sr-empty'}>
        {message?.tone === 'alert' ? message.text : null}
      </div>

      {can('ACCEPT') && (
        <button
          class="primary"
          type="button"
          disabled={busy || offline}
          onClick={() =>
            void run(async () => {
              const { acceptItems } = await call(AcceptItemsMutation, { input: { itemIds: [item.id] } });
              if (acceptItems.userErrors.length > 0) return { item: null, userErrors: acceptItems.userErrors };
              // The accept payload carries list fields only: read the item again for its actions.
              return { item: (await call(ItemQuery, { id: item.id })).item, userErrors: [] };
            })
          }
        >
          {t('item.accept')}
        </button>
      )}

      {can('START_VERIFICATION') && (
        <form
          class="action-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const note = fieldValue(form, 'verifyNote');
            void run(
              async () =>
                payload(
                  (await call(StartVerificationMutation, { input: { itemId: item.id, note: note || null } })).startVerification,
                ),
              form,
            );
          }}
        >
          <label for="a-verifyNote">
            {t('item.note')}
            <span class="muted">{t('common.optional')}</span>
          </label>
          <textarea id="a-verifyNote" name="verifyNote" rows={2} maxLength={2000} />
          <button class="primary" type="submit" disabled={busy || offline}>
            {t('item.startVerification')}
          </button>
        </form>
      )}

      {can('RESOLVE') && (
        <form
          class="action-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const required = ['resolution', 'resolveNote', ...(resolution === 'REFERRED' ? ['department'] : [])];
            if (!check(form, required) || !resolution) return;
            const note = fieldValue(form, 'resolveNote');
            const department = resolution === 'REFERRED' ? fieldValue(form, 'department') : null;
            void run(
              async () =>
                payload(
                  (await call(ResolveItemMutation, { input: { itemId: item.id, resolution, note, department } })).resolveItem,
                ),
              form,
            );
          }}
        >
          <fieldset class="choices">
            <legend>{t('item.resolve')}</legend>
            {RESOLUTIONS.map((r) => (
              <div class="check" key={r}>
                <input
                  id={`a-resolution-${r}`}
                  type="radio"
                  name="resolution"
                  value={r}
                  required
                  checked={resolution === r}
                  onChange={() => setResolution(r)}
                />
                <label for={`a-resolution-${r}`}>{t(`resolution.${r}`)}</label>
              </div>
            ))}
            <Missing name="resolution" choice />
          </fieldset>
          {resolution === 'REFERRED' && (
            <>
              <label for="a-department">{t('item.resolveDepartment')}</label>
              <input id="a-department" name="department" type="text" required {...invalid('department')} />
              <Missing name="department" />
            </>
          )}
          <label for="a-resolveNote">{t('item.resolveNote')}</label>
          <textarea id="a-resolveNote" name="resolveNote" rows={3} maxLength={2000} required {...invalid('resolveNote')} />
          <Missing name="resolveNote" />
          <button class="primary" type="submit" disabled={busy || offline}>
            {t('item.resolveSubmit')}
          </button>
        </form>
      )}

      {can('REPLY') && (
        <form
          class="action-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            if (!check(form, ['replyMessage'])) return;
            const message = fieldValue(form, 'replyMessage');
            void run(async () => payload((await call(ReplyItemMutation, { input: { itemId: item.id, message } })).replyItem), form);
          }}
        >
          <label for="a-replyMessage">{t('item.replyMessage')}</label>
          <textarea id="a-replyMessage" name="replyMessage" rows={4} maxLength={2000} required {...invalid('replyMessage')} />
          <Missing name="replyMessage" />
          <button class="primary" type="submit" disabled={busy || offline}>
            {t('item.replySubmit')}
          </button>
        </form>
      )}

      {can('ANSWER_SUGGESTION') && (
        <form
          class="action-form"
          noValidate
          data-action="ANSWER_SUGGESTION"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            if (!check(form, ['answer', 'adoption']) || !adoption) return;
            const answer = fieldValue(form, 'answer');
            void run(
              async () =>
                payload((await call(AnswerSuggestionMutation, { input: { itemId: item.id, answer, adoption } })).answerSuggestion),
              form,
            );
          }}
        >
          <h3>{t('item.answerSuggestion')}</h3>
          <label for="a-answer">{t('item.answerText')}</label>
          <textarea id="a-answer" name="answer" rows={4} maxLength={4000} required {...invalid('answer')} />
          <Missing name="answer" />
          <fieldset class="choices">
            <legend>{t('item.adoptionChoose')}</legend>
            {ADOPTIONS.map((a) => (
              <div class="check" key={a}>
                <input
                  id={`a-adoption-${a}`}
                  type="radio"
                  name="adoption"
                  value={a}
                  required
                  checked={adoption === a}
                  onChange={() => setAdoption(a)}
                />
                <label for={`a-adoption-${a}`}>{t(`adoption.${a}`)}</label>
              </div>
            ))}
            <Missing name="adoption" choice />
          </fieldset>
          <button class="primary" type="submit" disabled={busy || offline}>
            {t('item.answerSubmit')}
          </button>
        </form>
      )}

      {can('EXTEND_DEADLINE') && (
        <form
          class="action-form"
          noValidate
          data-action="EXTEND_DEADLINE"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            setDaysInvalid(false);
            if (!check(form, ['extendDays', 'extendReason'])) return;
            const days = Number(fieldValue(form, 'extendDays'));
            if (!Number.isInteger(days) || days < 1 || days > 30) {
              setDaysInvalid(true);
              setMissing({ extendDays: true });
              (form.querySelector('[name="extendDays"]') as HTMLElement | null)?.focus();
              return;
            }
            const reason = fieldValue(form, 'extendReason');
            void run(
              async () => payload((await call(ExtendDeadlineMutation, { input: { itemId: item.id, days, reason } })).extendDeadline),
              form,
            );
          }}
        >
          <h3>{t('item.extendDeadline')}</h3>
          <label for="a-extendDays">{t('item.extendDays')}</label>
          <input
            id="a-extendDays"
            name="extendDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={30}
            step={1}
            required
            {...invalid('extendDays')}
          />
          <Missing name="extendDays" {...(daysInvalid ? { text: 'item.extendDaysInvalid' as const } : {})} />
          <label for="a-extendReason">{t('item.extendReason')}</label>
          <textarea id="a-extendReason" name="extendReason" rows={2} maxLength={1000} required {...invalid('extendReason')} />
          <Missing name="extendReason" />
          <button class="primary" type="submit" disabled={busy || offline}>
            {t('item.extendSubmit')}
          </button>
        </form>
      )}

      {can('RATE') && (
        <form
          class="action-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            if (!check(form, ['rating']) || !rating) return;
            const comment = fieldValue(form, 'rateComment');
            void run(
              async () =>
                payload((await call(RateItemMutation, { input: { itemId: item.id, rating, comment: comment || null } })).rateItem),
              form,
            );
          }}
        >
          <fieldset class="choices">
            <legend>{t('item.rate')}</legend>
            {(['SATISFIED', 'UNSATISFIED'] as const).map((r) => (
              <div class="check" key={r}>
                <input
                  id={`a-rating-${r}`}
                  type="radio"
                  name="rating"
                  value={r}
                  required
                  checked={rating === r}
                  onChange={() => setRating(r)}
                />
                <label for={`a-rating-${r}`}>{t(`rating.${r}`)}</label>
              </div>
            ))}
            <Missing name="rating" choice />
          </fieldset>
          <label for="a-rateComment">
            {t('item.rateComment')}
            <span class="muted">{t('common.optional')}</span>
          </label>
          <textarea id="a-rateComment" name="rateComment" rows={3} maxLength={2000} />
          <button class="primary" type="submit" disabled={busy || offline}>
            {t('item.rateSubmit')}
          </button>
        </form>
      )}
    </section>
  );
}
