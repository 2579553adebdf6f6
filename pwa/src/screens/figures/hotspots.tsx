// 投诉集中小区点位 (SPEC §9): the scope's hotspots, active first, each with its pattern label; for
// supervisors, importing the city bureau's list (CSV: a dry run first, then the import) and marking
// a community by hand.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang, Translate } from '../../i18n';
import { HotspotsQuery, ImportHotspotsMutation, MarkHotspotMutation } from '../../graphql/figure-operations';
import type { HotspotSummary, ImportHotspotsPayload, ImportLine } from '../../graphql/figure-types';
import { errorText, useHeadingFocus } from '../../ui';
import { loadCommunityNames } from './communities';
import { ExportButton } from './export';
import { csvDataLines, errorsByField, hasCsvHeader, patternTone, readCsvFile } from './hotspot-logic';
import { formatCount, formatDate, shanghaiToday } from './logic';

export const hotspotPath = (id: string) => `/hotspots/${encodeURIComponent(id)}`;

export function PatternChip({ t, label, text }: { t: Translate; label: HotspotSummary['pattern']['label'] | null; text: string }) {
  return (
    <span class={`chip chip-${patternTone(label)}`} data-pattern={label ?? ''} title={t('hot.patternChip')}>
      {text}
    </span>
  );
}

function HotspotCard({ t, lang, h }: { t: Translate; lang: Lang; h: HotspotSummary }) {
  return (
    <li class={`card item-card${h.active ? ' card-neardue' : ''}`} data-hotspot-id={h.id} data-active={String(h.active)}>
      <div class="item-card-body">
        <a class="item-link" href={hotspotPath(h.id)}>
          {h.community.name}
        </a>
        <p class="chips">
          <PatternChip t={t} label={h.pattern.label} text={h.pattern.labelText} />
          <span class={`chip chip-${h.active ? 'active' : 'done'}`} data-field="active">
            {h.active ? t('hot.active') : t('hot.ended')}
          </span>
        </p>
        <p class="muted small">
          {h.endsOn
            ? t('hot.periodTo', { from: formatDate(lang, h.startsOn), to: formatDate(lang, h.endsOn) })
            : t('hot.periodFrom', { from: formatDate(lang, h.startsOn) })}
          {' · '}
          {t(`hot.source.${h.source}`)}
        </p>
        <p class="small">
          {t('hot.counts', { total: formatCount(lang, h.pattern.total), open: formatCount(lang, h.openItems) })}
        </p>
      </div>
    </li>
  );
}

export function HotspotListScreen() {
  const { t, lang, user, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [activeOnly, setActiveOnly] = useState(true);
  const [list, setList] = useState<HotspotSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const supervisor = user.role === 'SUPERVISOR';

  useEffect(() => {
    if (offline) return;
    let live = true;
    call(HotspotsQuery, { activeOnly }).then(
      (d) => {
        if (!live) return;
        setList(d.hotspots);
        setError(null);
      },
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [activeOnly, offline, lang]);

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('hotspots.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <p class="muted small">{t('hot.intro')}</p>
        {supervisor && (
          <p class="row-actions">
            <a class="secondary" href="/hotspots/import" data-action="import">
              {t('hot.importLink')}
            </a>
            <a class="secondary" href="/hotspots/mark" data-action="mark">
              {t('hot.markLink')}
            </a>
          </p>
        )}
        <div class="filter-chips" role="group" aria-label={t('hot.show')}>
          <button type="button" class="filter-chip" aria-pressed={activeOnly} onClick={() => setActiveOnly(true)} data-filter="active">
            {t('hot.activeOnly')}
          </button>
          <button type="button" class="filter-chip" aria-pressed={!activeOnly} onClick={() => setActiveOnly(false)} data-filter="all">
            {t('hot.all')}
          </button>
        </div>
        {list === null && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {list &&
          (list.length === 0 ? (
            <p class="muted">{t('hot.empty')}</p>
          ) : (
            <ul class="list" data-list="hotspots">
              {list.map((h) => (
                <HotspotCard key={h.id} t={t} lang={lang} h={h} />
              ))}
            </ul>
          ))}
        {supervisor && list && list.length > 0 && <ExportButton id="hotspots" path="/exports/hotspots.xlsx" fallbackName="hotspots.xlsx" />}
      </div>
    </main>
  );
}

function ImportLines({ t, lines, kind }: { t: Translate; lines: ImportLine[]; kind: 'matched' | 'unmatched' }) {
  if (lines.length === 0) return null;
  return (
    <section class="card" aria-labelledby={`import-${kind}`} data-section={`import-${kind}`}>
      <h2 id={`import-${kind}`}>{t(`hot.import.${kind}`, { n: String(lines.length) })}</h2>
      <ul class="plain-list import-lines">
        {lines.map((l) => (
          <li key={`${l.line}-${l.name}`} data-line={l.line}>
            <p>
              <span class="muted small">{t('hot.import.line', { n: String(l.line) })}</span> <strong>{l.name}</strong>
              {l.address ? <span class="muted small">{` ${l.address}`}</span> : null}
            </p>
            {kind === 'matched' && l.community && <p class="small">{t('hot.import.matchedTo', { name: l.community.name })}</p>}
            {l.reason && (
              <p class="small field-error" data-field="reason">
                {l.reason}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function HotspotImportScreen() {
  const { t, call, offline, focusHeading, navigate } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [csv, setCsv] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [startsOn, setStartsOn] = useState(shanghaiToday());
  const [endsOn, setEndsOn] = useState('');
  const [skipUnmatched, setSkipUnmatched] = useState(false);
  const [preview, setPreview] = useState<{ csv: string; result: ImportHotspotsPayload } | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());

  const onFile = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    const { text, encoding } = await readCsvFile(file);
    setCsv(text);
    setPreview(null);
    setFileNote(t(encoding === 'utf-8' ? 'hot.import.fileRead' : 'hot.import.fileReadGbk', { name: file.name, n: String(csvDataLines(text)) }));
  };

  const send = async (dryRun: boolean) => {
    if (busy) return;
    const problems = new Map<string, string>();
    if (!csv.trim()) problems.set('csv', t('hot.import.csvMissing'));
    else if (!hasCsvHeader(csv)) problems.set('csv', t('hot.import.headerMissing'));
    if (!startsOn) problems.set('startsOn', t('hot.dateMissing'));
    if (endsOn && startsOn && endsOn < startsOn) problems.set('endsOn', t('hot.endBeforeStart'));
    setErrors(problems);
    if (problems.size > 0) return;
    setBusy(true);
    try {
      const { importHotspots } = await call(ImportHotspotsMutation, { csv, startsOn, endsOn: endsOn || null, dryRun, skipUnmatched });
      setErrors(errorsByField(importHotspots.userErrors, new Set(['csv', 'startsOn', 'endsOn'])));
      if (dryRun) setPreview({ csv, result: importHotspots });
      else if (importHotspots.userErrors.length === 0) {
        setDone(importHotspots.imported);
        setPreview({ csv, result: importHotspots });
      }
    } catch (e) {
      setErrors(new Map([['', errorText(t, e)]]));
    } finally {
      setBusy(false);
    }
  };

  const previewed = preview && preview.csv === csv ? preview.result : null;
  const blocked = previewed !== null && previewed.unmatched.length > 0 && !skipUnmatched;
  const importable = previewed ? previewed.matched.length : 0;
  const err = (k: string) => errors.get(k);

  return (
    <main class="content">
      <form
        class="screen"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send(previewed === null);
        }}
      >
        <p class="small">
          <a class="inline-link" href="/hotspots">
            {t('hot.back')}
          </a>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {t('hotspotImport.title')}
        </h1>
        <div role="alert" class={err('') ? 'error' : 'sr-empty'}>
          {err('')}
        </div>
        <div role="status" class={done !== null ? 'notice' : 'sr-empty'} data-field="import-done">
          {done !== null ? t('hot.import.done', { n: String(done) }) : null}
        </div>
        <p class="muted small">{t('hot.import.intro')}</p>
        <label class="file-button">
          {t('hot.import.pickFile')}
          <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e)} />
        </label>
        {fileNote && (
          <p class="small" role="status">
            {fileNote}
          </p>
        )}
        <label for="import-csv">{t('hot.import.paste')}</label>
        <p class="hint" id="import-csv-hint">
          {t('hot.import.pasteHint')}
        </p>
        <textarea
          id="import-csv"
          rows={6}
          value={csv}
          spellcheck={false}
          aria-invalid={err('csv') ? 'true' : undefined}
          aria-describedby={err('csv') ? 'import-csv-hint import-csv-error' : 'import-csv-hint'}
          onInput={(e) => {
            setCsv((e.currentTarget as HTMLTextAreaElement).value);
            setDone(null);
          }}
        />
        {err('csv') && (
          <p id="import-csv-error" class="field-error">
            {err('csv')}
          </p>
        )}
        <div class="date-pair">
          <div class="field">
            <label for="import-starts">{t('hot.startsOn')}</label>
            <input
              id="import-starts"
              type="date"
              value={startsOn}
              required
              aria-invalid={err('startsOn') ? 'true' : undefined}
              aria-describedby={err('startsOn') ? 'import-starts-error' : undefined}
              onInput={(e) => setStartsOn((e.currentTarget as HTMLInputElement).value)}
            />
            {err('startsOn') && (
              <p id="import-starts-error" class="field-error">
                {err('startsOn')}
              </p>
            )}
          </div>
          <div class="field">
            <label for="import-ends">
              {t('hot.endsOn')}
              {t('common.optional')}
            </label>
            <input
              id="import-ends"
              type="date"
              value={endsOn}
              aria-invalid={err('endsOn') ? 'true' : undefined}
              aria-describedby={err('endsOn') ? 'import-ends-error' : undefined}
              onInput={(e) => setEndsOn((e.currentTarget as HTMLInputElement).value)}
            />
            {err('endsOn') && (
              <p id="import-ends-error" class="field-error">
                {err('endsOn')}
              </p>
            )}
          </div>
        </div>
        <div class="check">
          <input id="import-skip" type="checkbox" checked={skipUnmatched} onChange={(e) => setSkipUnmatched((e.currentTarget as HTMLInputElement).checked)} />
          <label for="import-skip">{t('hot.import.skipUnmatched')}</label>
        </div>
        {previewed && (
          <>
            <p class="notice" data-field="import-summary">
              {t(done !== null ? 'hot.import.summaryDone' : 'hot.import.summary', {
                matched: String(previewed.matched.length),
                unmatched: String(previewed.unmatched.length),
              })}
            </p>
            <ImportLines t={t} lines={previewed.unmatched} kind="unmatched" />
            <ImportLines t={t} lines={previewed.matched} kind="matched" />
            {blocked && <p class="field-error">{t('hot.import.blocked')}</p>}
          </>
        )}
        <div class="actions">
          {done !== null ? (
            <button class="primary" type="button" onClick={() => navigate('/hotspots')}>
              {t('hot.import.toList')}
            </button>
          ) : previewed === null ? (
            <button class="primary" type="submit" disabled={busy || offline} data-action="dry-run">
              {busy ? t('hot.sending') : t('hot.import.dryRun')}
            </button>
          ) : (
            <button class="primary" type="submit" disabled={busy || offline || blocked || importable === 0} data-action="import">
              {busy ? t('hot.sending') : t('hot.import.run', { n: String(importable) })}
            </button>
          )}
        </div>
      </form>
    </main>
  );
}

export function HotspotMarkScreen() {
  const { t, call, offline, focusHeading, navigate } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [communities, setCommunities] = useState<{ id: string; name: string }[] | null>(null);
  const [communityId, setCommunityId] = useState('');
  const [search, setSearch] = useState('');
  const [startsOn, setStartsOn] = useState(shanghaiToday());
  const [endsOn, setEndsOn] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());

  useEffect(() => {
    if (offline) return;
    loadCommunityNames(call).then(setCommunities, (e: unknown) => setErrors(new Map([['', errorText(t, e)]])));
  }, [offline]);

  const shown = (communities ?? []).filter((c) => !search.trim() || c.name.includes(search.trim()));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const problems = new Map<string, string>();
    if (!communityId) problems.set('communityId', t('hot.mark.communityMissing'));
    if (!startsOn) problems.set('startsOn', t('hot.dateMissing'));
    if (endsOn && startsOn && endsOn < startsOn) problems.set('endsOn', t('hot.endBeforeStart'));
    setErrors(problems);
    if (problems.size > 0) return;
    setBusy(true);
    try {
      const { markHotspot } = await call(MarkHotspotMutation, {
        input: { communityId, startsOn, endsOn: endsOn || null, note: note.trim() || null },
      });
      if (markHotspot.hotspot && markHotspot.userErrors.length === 0) {
        navigate(hotspotPath(markHotspot.hotspot.id));
        return;
      }
      setErrors(errorsByField(markHotspot.userErrors, new Set(['communityId', 'startsOn', 'endsOn', 'note'])));
    } catch (err) {
      setErrors(new Map([['', errorText(t, err)]]));
    }
    setBusy(false);
  };
  const err = (k: string) => errors.get(k);

  return (
    <main class="content">
      <form class="screen" noValidate onSubmit={(e) => void submit(e)}>
        <p class="small">
          <a class="inline-link" href="/hotspots">
            {t('hot.back')}
          </a>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {t('hotspotMark.title')}
        </h1>
        <div role="alert" class={err('') ? 'error' : 'sr-empty'}>
          {err('')}
        </div>
        <p class="muted small">{t('hot.mark.intro')}</p>
        <label for="mark-search">{t('hot.mark.search')}</label>
        <input id="mark-search" type="search" value={search} onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)} />
        <label for="mark-community">{t('hot.mark.community')}</label>
        <select
          id="mark-community"
          value={communityId}
          disabled={!communities}
          aria-invalid={err('communityId') ? 'true' : undefined}
          aria-describedby={err('communityId') ? 'mark-community-error' : undefined}
          onChange={(e) => setCommunityId((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{communities ? t('hot.mark.choose') : t('common.loading')}</option>
          {shown.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {err('communityId') && (
          <p id="mark-community-error" class="field-error">
            {err('communityId')}
          </p>
        )}
        <div class="date-pair">
          <div class="field">
            <label for="mark-starts">{t('hot.startsOn')}</label>
            <input
              id="mark-starts"
              type="date"
              value={startsOn}
              aria-invalid={err('startsOn') ? 'true' : undefined}
              aria-describedby={err('startsOn') ? 'mark-starts-error' : undefined}
              onInput={(e) => setStartsOn((e.currentTarget as HTMLInputElement).value)}
            />
            {err('startsOn') && (
              <p id="mark-starts-error" class="field-error">
                {err('startsOn')}
              </p>
            )}
          </div>
          <div class="field">
            <label for="mark-ends">
              {t('hot.endsOn')}
              {t('common.optional')}
            </label>
            <input
              id="mark-ends"
              type="date"
              value={endsOn}
              aria-invalid={err('endsOn') ? 'true' : undefined}
              aria-describedby={err('endsOn') ? 'mark-ends-error' : undefined}
              onInput={(e) => setEndsOn((e.currentTarget as HTMLInputElement).value)}
            />
            {err('endsOn') && (
              <p id="mark-ends-error" class="field-error">
                {err('endsOn')}
              </p>
            )}
          </div>
        </div>
        <label for="mark-note">
          {t('hot.note')}
          {t('common.optional')}
        </label>
        <textarea id="mark-note" rows={3} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
        {err('note') && <p class="field-error">{err('note')}</p>}
        <div class="actions">
          <button class="primary" type="submit" disabled={busy || offline} data-action="mark">
            {busy ? t('hot.sending') : t('hot.mark.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}
