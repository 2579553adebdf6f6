// 今日勤务: the officer's day — planned visits, re-checks due (overdue flagged), patrols still open
// (continue), and starting a patrol with at least one other officer of the squad.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { PatrolTodayQuery, SquadOfficersQuery, StartPatrolMutation } from '../../graphql/patrol-operations';
import type { OfficerRef, PatrolDay } from '../../graphql/patrol-types';
import { errorText, formatTime, useHeadingFocus } from '../../ui';
import { Said, useMyCommunities, type Message } from './common';
import { forgetStartKey, officerCommunity, otherOfficers, startKey } from './logic';

export const patrolPath = (id: string) => `/patrols/${encodeURIComponent(id)}`;

export function PatrolTodayScreen() {
  const env = useEnv();
  const { t, lang, call, offline, focusHeading } = env;
  const heading = useHeadingFocus(focusHeading);
  const [day, setDay] = useState<PatrolDay | null>(null);
  const [error, setError] = useState<string | null>(null);
  const communities = useMyCommunities(env);

  useEffect(() => {
    if (offline) return;
    call(PatrolTodayQuery, {}).then(
      (d) => {
        setDay(d.patrolToday);
        setError(null);
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [offline, lang]);

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('patrols.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        {!day && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {day && (
          <>
            <section class="card" aria-labelledby="pt-open-heading" data-list="open-patrols">
              <h2 id="pt-open-heading">{t('pt.openHeading')}</h2>
              {day.openPatrols.length === 0 ? null : (
                <ul class="plain-list">
                  {day.openPatrols.map((p) => (
                    <li key={p.id} data-patrol-id={p.id}>
                      <p class="muted small">
                        {t('pt.startedAt', { time: formatTime(lang, p.startedAt) })} · {p.officers.map((o) => o.name).join('、')}
                      </p>
                      <a class="button primary" href={patrolPath(p.id)} data-action="continue-patrol">
                        {t('pt.continue')}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              <StartPatrol day={day} communityId={officerCommunity(day, communities ?? [])} />
            </section>
            <section class="card" aria-labelledby="pt-visits-heading" data-list="visits">
              <h2 id="pt-visits-heading">{t('pt.visitsHeading')}</h2>
              {day.visits.length === 0 ? (
                <p class="muted">{t('pt.noVisits')}</p>
              ) : (
                <ul class="plain-list">
                  {day.visits.map((v) => (
                    <li key={v.id} data-visit-id={v.id}>
                      <strong>{v.community.name}</strong>
                      <p class="muted small">{t('pt.withOfficers', { names: v.officers.map((o) => o.name).join('、') })}</p>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section class="card" aria-labelledby="pt-due-heading" data-list="due-items">
              <h2 id="pt-due-heading">{t('pt.dueHeading')}</h2>
              {day.dueItems.length === 0 ? (
                <p class="muted">{t('pt.noDue')}</p>
              ) : (
                <ul class="plain-list">
                  {day.dueItems.map((it) => (
                    <li key={it.id} data-item-id={it.id} data-overdue={String(it.overdue)}>
                      <a class="inline-link" href={`/items/${encodeURIComponent(it.id)}`}>
                        {it.matter ? `${it.matter.code} ${it.matter.name}` : it.description.slice(0, 30)}
                      </a>{' '}
                      {it.overdue && <span class="chip chip-danger">{t('pt.overdue')}</span>}
                      <p class="muted small">
                        {it.nextDeadline
                          ? t('pt.dueAt', { community: it.community.name, time: formatTime(lang, it.nextDeadline) })
                          : it.community.name}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section class="card" aria-labelledby="pt-rechecks-heading" data-list="rechecks">
              <h2 id="pt-rechecks-heading">{t('pt.rechecksHeading')}</h2>
              {day.rechecks.length === 0 ? (
                <p class="muted">{t('pt.noRechecks')}</p>
              ) : (
                <ul class="plain-list">
                  {day.rechecks.map((r) => (
                    <li key={r.caseId} data-case-id={r.caseId} data-overdue={String(r.overdue)}>
                      <a class="inline-link" href={`/cases/${encodeURIComponent(r.caseId)}`}>
                        {r.number}
                      </a>{' '}
                      {r.overdue && <span class="chip chip-danger">{t('pt.overdue')}</span>}
                      <p class="muted small">{t('pt.recheckDue', { community: r.community.name, time: formatTime(lang, r.dueAt) })}</p>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
        <p>
          <a class="inline-link" href="/patrols/coverage" data-link="coverage">
            {t('pt.coverageLink')}
          </a>
        </p>
      </div>
    </main>
  );
}

function StartPatrol({ day, communityId }: { day: PatrolDay; communityId: string | null }) {
  const { t, call, user, storage, offline, navigate } = useEnv();
  const [officers, setOfficers] = useState<OfficerRef[] | null>(null);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  useEffect(() => {
    if (!communityId || offline) return;
    call(SquadOfficersQuery, { communityId }).then(
      (d) => {
        const others = otherOfficers(d.squadOfficers, user.id);
        setOfficers(others);
        // Today's visit companions are ticked already.
        const planned = new Set(day.visits.flatMap((v) => v.officers.map((o) => o.id)));
        setPicked(new Set(others.filter((o) => planned.has(o.id)).map((o) => o.id)));
      },
      (e: unknown) => setMessage({ tone: 'alert', text: errorText(t, e) }),
    );
  }, [communityId, offline]);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    if (picked.size === 0) {
      setMessage({ tone: 'alert', text: t('pt.pickOfficer') });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      // Made once and kept until the patrol started: a resend after a lost answer is the same patrol.
      const key = startKey(storage, user.id);
      const { startPatrol } = await call(StartPatrolMutation, { input: { idempotencyKey: key, officerIds: [...picked] } });
      if (startPatrol.userErrors.length > 0 || !startPatrol.patrol) {
        forgetStartKey(storage, user.id);
        setMessage({ tone: 'alert', text: startPatrol.userErrors.map((u) => u.message).join(' ') });
        return;
      }
      forgetStartKey(storage, user.id);
      navigate(patrolPath(startPatrol.patrol.id));
    } catch (e) {
      setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="action-form" noValidate onSubmit={submit} data-action="start-patrol" aria-labelledby="pt-start-heading">
      <h3 id="pt-start-heading">{t('pt.startHeading')}</h3>
      <fieldset>
        <legend>{t('pt.startHint')}</legend>
        {officers && officers.length === 0 && <p class="muted">{t('pt.noOfficers')}</p>}
        {officers?.map((o) => (
          <div class="check" key={o.id}>
            <input
              id={`pt-officer-${o.id}`}
              type="checkbox"
              value={o.id}
              checked={picked.has(o.id)}
              onChange={(e) => toggle(o.id, e.currentTarget.checked)}
            />
            <label for={`pt-officer-${o.id}`}>{o.name}</label>
          </div>
        ))}
      </fieldset>
      {offline && <p class="muted small">{t('pt.startOffline')}</p>}
      <Said message={message} />
      <button class="primary" type="submit" disabled={busy || offline}>
        {busy ? t('file.submitting') : t('pt.start')}
      </button>
    </form>
  );
}
