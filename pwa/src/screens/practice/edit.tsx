// Writing a practice case (officers and supervisors): title, summary, body, one or more of the five
// governance tags, the communities it is about and, optionally, the cases it draws on. Saved as a
// draft; "save and submit" also sends it for review. A stale version (CONFLICT) asks to reload.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Translate } from '../../i18n';
import {
  PracticeCaseOptionsQuery,
  PracticeCaseQuery,
  PracticeCommunitiesQuery,
  SavePracticeMutation,
  SubmitPracticeMutation,
} from '../../graphql/practice-operations';
import { GOVERNANCE_TAGS, type PracticeCase } from '../../graphql/figure-types';
import { errorText, useHeadingFocus } from '../../ui';
import { isConflict, practicePath } from './common';
import { draftOf, practiceProblems, saveInput, toggled, type PracticeDraft } from './logic';

type Option = { id: string; label: string };

const FIELDS = new Set(['title', 'summary', 'body', 'tags', 'communityIds', 'caseIds']);

function CheckList({
  t,
  id,
  legend,
  options,
  picked,
  onToggle,
  error,
  searchable,
}: {
  t: Translate;
  id: string;
  legend: string;
  options: Option[];
  picked: readonly string[];
  onToggle: (id: string, on: boolean) => void;
  error?: string | undefined;
  searchable: boolean;
}) {
  const [search, setSearch] = useState('');
  const q = search.trim();
  // The picked ones first, then those matching the search (at most 30 on a phone).
  const shown = [
    ...options.filter((o) => picked.includes(o.id)),
    ...options.filter((o) => !picked.includes(o.id) && (!q || o.label.includes(q))).slice(0, 30),
  ];
  return (
    <fieldset class="group" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {searchable && (
        <>
          <label for={`${id}-search`}>{t('pr.filterList')}</label>
          <input id={`${id}-search`} type="search" value={search} onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)} />
        </>
      )}
      {shown.length === 0 && <p class="muted small">{t('pr.noOptions')}</p>}
      {shown.map((o) => (
        <div class="check" key={o.id}>
          <input id={`${id}-${o.id}`} type="checkbox" checked={picked.includes(o.id)} onChange={(e) => onToggle(o.id, (e.currentTarget as HTMLInputElement).checked)} />
          <label for={`${id}-${o.id}`}>{o.label}</label>
        </div>
      ))}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function PracticeEditScreen({ id }: { id: string | null }) {
  const { t, call, offline, focusHeading, navigate } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [existing, setExisting] = useState<PracticeCase | null>(null);
  const [draft, setDraft] = useState<PracticeDraft>({ title: '', summary: '', body: '', tags: [], communityIds: [], caseIds: [] });
  const [communities, setCommunities] = useState<Option[]>([]);
  const [cases, setCases] = useState<(Option & { number: string })[]>([]);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [ready, setReady] = useState(id === null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    if (offline) return;
    let live = true;
    (async () => {
      const [comms, caseList, loaded] = await Promise.all([
        call(PracticeCommunitiesQuery, { first: 100, after: null }),
        call(PracticeCaseOptionsQuery, { first: 100 }).catch(() => null),
        id ? call(PracticeCaseQuery, { id }) : Promise.resolve(null),
      ]);
      if (!live) return;
      setCommunities(comms.myCommunities.edges.map((e) => ({ id: e.node.id, label: e.node.name })));
      const caseOptions = (caseList?.cases.edges ?? []).map((e) => ({
        id: e.node.id,
        number: e.node.number,
        label: [e.node.number, e.node.matter?.name, e.node.community?.name].filter(Boolean).join(' · '),
      }));
      setCases(caseOptions);
      if (loaded) {
        const p = loaded.practiceCase;
        // Its communities stay pickable even when outside the first page of the author's.
        setCommunities((cs) => [...cs, ...p.communities.filter((c) => !cs.some((x) => x.id === c.id)).map((c) => ({ id: c.id, label: c.name }))]);
        setExisting(p);
        setDraft(draftOf(p, caseOptions));
      }
      setConflict(false);
      setReady(true);
    })().catch((e: unknown) => live && setErrors(new Map([['', errorText(t, e)]])));
    return () => {
      live = false;
    };
  }, [id, offline, reloads]);

  const save = async (andSubmit: boolean) => {
    if (busy) return;
    const local = new Map<string, string>();
    for (const [k, p] of practiceProblems(draft)) local.set(k, t(`pr.problem.${p}`));
    setErrors(local);
    if (local.size > 0) return;
    setBusy(true);
    try {
      const { savePracticeCase: r } = await call(SavePracticeMutation, { input: saveInput(draft, existing) });
      if (isConflict(null, r.userErrors)) {
        setConflict(true);
      } else if (r.practice && r.userErrors.length === 0) {
        if (andSubmit) {
          const s = (await call(SubmitPracticeMutation, { id: r.practice.id, version: r.practice.version })).submitPracticeCase;
          if (s.userErrors.length > 0) {
            setExisting(r.practice);
            setErrors(new Map([['', s.userErrors.map((u) => u.message).join(' ')]]));
            setBusy(false);
            return;
          }
        }
        navigate(practicePath(r.practice.id));
        return;
      } else {
        const out = new Map<string, string>();
        for (const u of r.userErrors) {
          const k = u.field.at(-1) ?? '';
          const at = FIELDS.has(k) ? k : '';
          out.set(at, out.has(at) ? `${out.get(at)} ${u.message}` : u.message);
        }
        setErrors(out);
      }
    } catch (e) {
      if (isConflict(e)) setConflict(true);
      else setErrors(new Map([['', errorText(t, e)]]));
    }
    setBusy(false);
  };

  const err = (k: string) => errors.get(k);
  const text = (f: 'title' | 'summary' | 'body', rows: number) => {
    const fid = `practice-${f}`;
    const common = {
      id: fid,
      value: draft[f],
      'aria-invalid': err(f) ? ('true' as const) : undefined,
      'aria-describedby': err(f) ? `${fid}-error` : undefined,
      onInput: (e: Event) => setDraft({ ...draft, [f]: (e.currentTarget as HTMLInputElement).value }),
    };
    return (
      <div class="field">
        <label for={fid}>{t(`pr.field.${f}`)}</label>
        {rows === 1 ? <input type="text" {...common} /> : <textarea rows={rows} {...common} />}
        {err(f) && (
          <p id={`${fid}-error`} class="field-error">
            {err(f)}
          </p>
        )}
      </div>
    );
  };

  return (
    <main class="content">
      <form
        class="screen"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <p class="small">
          <a class="inline-link" href={existing ? practicePath(existing.id) : '/practice'}>
            {existing ? t('pr.backToCase') : t('pr.back')}
          </a>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {id ? t('practiceEdit.title') : t('practiceNew.title')}
        </h1>
        <div role="alert" class={conflict || err('') ? 'error' : 'sr-empty'} data-field={conflict ? 'conflict' : undefined}>
          {conflict ? (
            <>
              {t('pr.conflict')}{' '}
              <button type="button" class="link" onClick={() => setReloads((n) => n + 1)}>
                {t('pr.reload')}
              </button>
            </>
          ) : (
            err('')
          )}
        </div>
        {existing?.status === 'RETURNED' && existing.reviewNote && <p class="notice">{t('pr.reviewNote', { note: existing.reviewNote })}</p>}
        {!ready && <p role="status">{t('common.loading')}</p>}
        {text('title', 1)}
        {text('summary', 3)}
        {text('body', 10)}
        <fieldset class="group" aria-describedby={err('tags') ? 'practice-tags-error' : undefined}>
          <legend>{t('pr.field.tags')}</legend>
          {GOVERNANCE_TAGS.map((g) => (
            <div class="check" key={g}>
              <input
                id={`practice-tag-${g}`}
                type="checkbox"
                checked={draft.tags.includes(g)}
                onChange={(e) => setDraft({ ...draft, tags: toggled(draft.tags, g, (e.currentTarget as HTMLInputElement).checked, GOVERNANCE_TAGS) })}
              />
              <label for={`practice-tag-${g}`}>{t(`pr.tagLong.${g}`)}</label>
            </div>
          ))}
          {err('tags') && (
            <p id="practice-tags-error" class="field-error">
              {err('tags')}
            </p>
          )}
        </fieldset>
        <CheckList
          t={t}
          id="practice-communities"
          legend={t('pr.field.communities')}
          options={communities}
          picked={draft.communityIds}
          onToggle={(cid, on) => setDraft({ ...draft, communityIds: toggled(draft.communityIds, cid, on, communities.map((c) => c.id)) })}
          error={err('communityIds')}
          searchable={communities.length > 8}
        />
        <details class="more-action" open={draft.caseIds.length > 0}>
          <summary>{`${t('pr.field.cases')}${t('common.optional')}`}</summary>
          <p class="hint">{t('pr.casesHint')}</p>
          <CheckList
            t={t}
            id="practice-cases"
            legend={t('pr.field.cases')}
            options={cases}
            picked={draft.caseIds}
            onToggle={(cid, on) => setDraft({ ...draft, caseIds: toggled(draft.caseIds, cid, on, cases.map((c) => c.id)) })}
            error={err('caseIds')}
            searchable={cases.length > 8}
          />
        </details>
        <div class="actions row-actions">
          <button class="secondary" type="submit" disabled={busy || offline || !ready} data-action="save">
            {busy ? t('pr.saving') : t('pr.save')}
          </button>
          <button class="primary" type="button" disabled={busy || offline || !ready} onClick={() => void save(true)} data-action="save-submit">
            {t('pr.saveSubmit')}
          </button>
        </div>
      </form>
    </main>
  );
}
