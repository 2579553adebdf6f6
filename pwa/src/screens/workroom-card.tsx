// 城管社区工作室 on the home screen of residents (their community) and committees (their first
// community), SPEC §9: the officers on duty, office hours and a phone to tap. Hidden when there is
// no community (or it cannot be read): a notice board, not a task.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../env';
import { MyWorkroomQuery } from '../graphql/operations';
import type { MyWorkroom } from '../graphql/figure-types';

/** The dialable form of a phone number as people write it ("021-6251 0000" → "021-62510000"). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+\-]/g, '')}`;
}

export function WorkroomCard() {
  const { t, call, offline, user, lang } = useEnv();
  const [mine, setMine] = useState<MyWorkroom | null>(null);
  useEffect(() => {
    if (offline) return;
    let live = true;
    call(MyWorkroomQuery, {}).then(
      (d) => live && setMine(d.myWorkroom),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [user.id, offline, lang]);
  if (!mine) return null;
  const w = mine.workroom;
  return (
    <section class="card workroom-card" aria-labelledby="workroom-heading" data-section="workroom">
      <h2 id="workroom-heading">{t('workroomCard.title')}</h2>
      <p class="muted small">{t('workroomCard.intro', { community: mine.community.name })}</p>
      {w ? (
        <dl class="facts">
          {w.officers.length > 0 && (
            <div>
              <dt>{t('workroomCard.officers')}</dt>
              <dd data-field="workroom-officers">{w.officers.join('、')}</dd>
            </div>
          )}
          {w.officeHours && (
            <div>
              <dt>{t('workroomCard.hours')}</dt>
              <dd data-field="workroom-hours">{w.officeHours}</dd>
            </div>
          )}
          {w.phone && (
            <div>
              <dt>{t('workroomCard.phone')}</dt>
              <dd>
                <a class="inline-link" href={telHref(w.phone)} data-field="workroom-phone" aria-label={t('workroomCard.call', { phone: w.phone })}>
                  {w.phone}
                </a>
              </dd>
            </div>
          )}
        </dl>
      ) : (
        <p class="muted">{t('workroomCard.none')}</p>
      )}
    </section>
  );
}
