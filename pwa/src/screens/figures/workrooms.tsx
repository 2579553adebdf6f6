// 城管社区工作室 (SPEC §9): officers and supervisors keep each community's workroom card up to date
// (office hours, phone, the officers on duty, picked from the community's squad). Residents see it
// on their home screen (screens/workroom-card.tsx).
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { CommunityWorkroomQuery, SaveWorkroomMutation } from '../../graphql/figure-operations';
import type { Workroom } from '../../graphql/figure-types';
import { errorText, useHeadingFocus } from '../../ui';
import { loadCommunityNames, type CommunityName } from './communities';
import { errorsByField } from './hotspot-logic';

export const workroomPath = (communityId: string) => `/workrooms/${encodeURIComponent(communityId)}`;

export function WorkroomListScreen() {
  const { t, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [list, setList] = useState<CommunityName[] | null>(null);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (offline) return;
    loadCommunityNames(call).then(setList, (e: unknown) => setError(errorText(t, e)));
  }, [offline]);

  const shown = (list ?? []).filter((c) => !search.trim() || c.name.includes(search.trim()));
  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('workrooms.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <p class="muted small">{t('wr.intro')}</p>
        <label for="workroom-search">{t('wr.search')}</label>
        <input id="workroom-search" type="search" value={search} onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)} />
        {list === null && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {list && (
          <ul class="plain-list link-list" data-list="workrooms">
            {shown.map((c) => (
              <li key={c.id} data-community-id={c.id}>
                <a class="inline-link" href={workroomPath(c.id)}>
                  {c.name}
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
    </main>
  );
}

export function WorkroomEditScreen({ communityId }: { communityId: string }) {
  const { t, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [name, setName] = useState<string | null>(null);
  const [officers, setOfficers] = useState<{ id: string; name: string }[]>([]);
  const [hours, setHours] = useState('');
  const [phone, setPhone] = useState('');
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [saved, setSaved] = useState<Workroom | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (offline) return;
    call(CommunityWorkroomQuery, { communityId }).then(
      ({ community, squadOfficers }) => {
        setName(community.name);
        setOfficers(squadOfficers);
        const w = community.workroom;
        setHours(w?.officeHours ?? '');
        setPhone(w?.phone ?? '');
        // The card keeps names: the officers on it are those of the squad with these names.
        setPicked(new Set(squadOfficers.filter((o) => w?.officers.includes(o.name)).map((o) => o.id)));
      },
      (e: unknown) => setErrors(new Map([['', errorText(t, e)]])),
    );
  }, [communityId, offline]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const problems = new Map<string, string>();
    if (!hours.trim()) problems.set('officeHours', t('wr.hoursMissing'));
    if (!phone.trim()) problems.set('phone', t('wr.phoneMissing'));
    setErrors(problems);
    setSaved(null);
    if (problems.size > 0) return;
    setBusy(true);
    try {
      const { saveWorkroom } = await call(SaveWorkroomMutation, {
        input: { communityId, officeHours: hours.trim(), phone: phone.trim(), officerIds: officers.filter((o) => picked.has(o.id)).map((o) => o.id) },
      });
      setErrors(errorsByField(saveWorkroom.userErrors, new Set(['officeHours', 'phone', 'officerIds'])));
      if (saveWorkroom.userErrors.length === 0) setSaved(saveWorkroom.community?.workroom ?? null);
    } catch (err) {
      setErrors(new Map([['', errorText(t, err)]]));
    }
    setBusy(false);
  };
  const err = (k: string) => errors.get(k);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
  };

  return (
    <main class="content">
      <form class="screen" noValidate onSubmit={(e) => void submit(e)}>
        <p class="small">
          <a class="inline-link" href="/workrooms">
            {t('wr.back')}
          </a>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {name ? t('wr.heading', { name }) : t('workroom.title')}
        </h1>
        <div role="alert" class={err('') ? 'error' : 'sr-empty'}>
          {err('')}
        </div>
        <div role="status" class={saved ? 'notice' : 'sr-empty'} data-field="workroom-saved">
          {saved ? t('wr.saved') : null}
        </div>
        <label for="wr-hours">{t('wr.hours')}</label>
        <p class="hint" id="wr-hours-hint">
          {t('wr.hoursHint')}
        </p>
        <input
          id="wr-hours"
          type="text"
          value={hours}
          aria-invalid={err('officeHours') ? 'true' : undefined}
          aria-describedby={err('officeHours') ? 'wr-hours-hint wr-hours-error' : 'wr-hours-hint'}
          onInput={(e) => setHours((e.currentTarget as HTMLInputElement).value)}
        />
        {err('officeHours') && (
          <p id="wr-hours-error" class="field-error">
            {err('officeHours')}
          </p>
        )}
        <label for="wr-phone">{t('wr.phone')}</label>
        <input
          id="wr-phone"
          type="tel"
          autocomplete="off"
          value={phone}
          aria-invalid={err('phone') ? 'true' : undefined}
          aria-describedby={err('phone') ? 'wr-phone-error' : undefined}
          onInput={(e) => setPhone((e.currentTarget as HTMLInputElement).value)}
        />
        {err('phone') && (
          <p id="wr-phone-error" class="field-error">
            {err('phone')}
          </p>
        )}
        <fieldset aria-describedby={err('officerIds') ? 'wr-officers-error' : undefined}>
          <legend>{t('wr.officers')}</legend>
          {officers.length === 0 && name && <p class="muted small">{t('wr.noOfficers')}</p>}
          {officers.map((o) => (
            <div class="check" key={o.id}>
              <input id={`wr-o-${o.id}`} type="checkbox" checked={picked.has(o.id)} onChange={(e) => toggle(o.id, (e.currentTarget as HTMLInputElement).checked)} />
              <label for={`wr-o-${o.id}`}>{o.name}</label>
            </div>
          ))}
          {err('officerIds') && (
            <p id="wr-officers-error" class="field-error">
              {err('officerIds')}
            </p>
          )}
        </fieldset>
        <div class="actions">
          <button class="primary" type="submit" disabled={busy || offline || name === null} data-action="save-workroom">
            {busy ? t('hot.sending') : t('wr.save')}
          </button>
        </div>
      </form>
    </main>
  );
}
