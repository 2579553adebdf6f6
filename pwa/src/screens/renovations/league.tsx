// 物业履责排名 (issue #5 part 7): the property firms of a sub-district ranked by their renovation
// duties for a period, best first (the server ranks). Officers, supervisors and the housing partner
// open it from the renovation list. At 360 px the table has three columns (rank, firm, problems per
// 1,000 units); each firm's numbers behind the rank fold out below its row, and open for printing.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang, Translate } from '../../i18n';
import { FirmLeagueTableQuery, SubDistrictsQuery } from '../../graphql/renovation-operations';
import type { FirmStanding, SubDistrictOption } from '../../graphql/renovation-types';
import { errorText, useHeadingFocus } from '../../ui';
import { formatDate } from './common';
import {
  LEAGUE_PRESETS,
  STANDING_FIELDS,
  defaultSubDistrict,
  formatPer1000,
  formatStandingField,
  periodProblem,
  presetPeriod,
  shanghaiToday,
  type LeaguePeriod,
  type LeaguePreset,
} from './league-logic';

const CHOICE_KEY = 'gongzhi.renovationLeague';

interface LeagueChoice {
  subDistrictId: string | null;
  preset: LeaguePreset;
  period: LeaguePeriod;
}

function loadChoice(storage: Storage, today: string): LeagueChoice {
  const fallback: LeagueChoice = { subDistrictId: null, preset: 'month', period: presetPeriod('month', today)! };
  try {
    const saved = JSON.parse(storage.getItem(CHOICE_KEY) ?? '{}') as Partial<LeagueChoice>;
    const preset = saved.preset && LEAGUE_PRESETS.includes(saved.preset) ? saved.preset : 'month';
    // A preset always ends today; only a custom period is kept as it was.
    const period =
      presetPeriod(preset, today) ??
      (saved.period && typeof saved.period.from === 'string' && typeof saved.period.to === 'string' ? saved.period : fallback.period);
    return { subDistrictId: typeof saved.subDistrictId === 'string' ? saved.subDistrictId : null, preset, period };
  } catch {
    return fallback;
  }
}

function StandingRows({ t, lang, s }: { t: Translate; lang: Lang; s: FirmStanding }) {
  return (
    <tbody data-firm-id={s.firmId} data-rank={s.rank} data-per1000={s.problemsPer1000Units}>
      <tr class="league-row">
        <td class="num" data-field="rank">
          {s.rank}
        </td>
        <th scope="row" data-field="firm">
          {s.firmName}
        </th>
        <td class="num" data-field="per1000">
          {formatPer1000(lang, s.problemsPer1000Units)}
        </td>
      </tr>
      <tr class="league-detail">
        <td colSpan={3}>
          <details class="league-numbers">
            <summary>
              {t('league.details')}
              <span class="sr-only">{` · ${s.firmName}`}</span>
            </summary>
            <dl>
              {STANDING_FIELDS.map((field) => {
                const shown = formatStandingField(lang, s, field);
                const value = s[field];
                return (
                  <div key={field} data-field={field} data-value={value === null ? '' : String(value)}>
                    <dt>{t(`league.f.${field}`)}</dt>
                    <dd>{shown ?? t('league.noShare')}</dd>
                  </div>
                );
              })}
            </dl>
          </details>
        </td>
      </tr>
    </tbody>
  );
}

export function FirmLeagueScreen() {
  const { t, lang, user, call, storage, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const today = shanghaiToday();
  const [choice, setChoice] = useState<LeagueChoice>(() => loadChoice(storage, today));
  const [subDistricts, setSubDistricts] = useState<SubDistrictOption[] | null>(null);
  const [table, setTable] = useState<{ key: string; rows: FirmStanding[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const latest = useRef('');

  const { subDistrictId, preset, period } = choice;
  const problem = periodProblem(period);
  const key = `${subDistrictId}|${period.from}|${period.to}|${lang}`;

  useEffect(() => {
    if (offline) return;
    call(SubDistrictsQuery, {}).then(
      ({ subDistricts: list }) => {
        setSubDistricts(list);
        setChoice((c) => ({ ...c, subDistrictId: defaultSubDistrict(list, c.subDistrictId, user.role === 'OFFICER' ? user.scope.label : null) }));
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [offline, lang]);

  useEffect(() => {
    storage.setItem(CHOICE_KEY, JSON.stringify(choice));
    if (offline || !subDistricts || !subDistrictId || problem) return;
    latest.current = key;
    setBusy(true);
    call(FirmLeagueTableQuery, { subDistrictId, from: period.from, to: period.to }).then(
      ({ firmLeagueTable }) => {
        if (latest.current !== key) return; // a later choice is on its way
        setTable({ key, rows: firmLeagueTable });
        setError(null);
        setBusy(false);
      },
      (e: unknown) => {
        if (latest.current !== key) return;
        setError(errorText(t, e));
        setTable(null);
        setBusy(false);
      },
    );
  }, [key, subDistricts, offline, problem]);

  // Printing shows every firm's numbers.
  useEffect(() => {
    const open = () => tableRef.current?.querySelectorAll('details').forEach((d) => (d.open = true));
    addEventListener('beforeprint', open);
    return () => removeEventListener('beforeprint', open);
  }, []);

  const pickPreset = (p: LeaguePreset) => setChoice((c) => ({ ...c, preset: p, period: presetPeriod(p, today) ?? c.period }));
  const setDate = (end: 'from' | 'to', value: string) => setChoice((c) => ({ ...c, preset: 'custom', period: { ...c.period, [end]: value } }));
  const place = subDistricts?.find((s) => s.id === subDistrictId)?.name ?? '';
  const rows = table && table.key === key ? table.rows : null;

  return (
    <main class="content">
      <div class="screen league">
        <h1 ref={heading} tabIndex={-1}>
          {t('renovationLeague.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <p class="muted small">{t('league.intro')}</p>
        <div class="card league-controls">
          <div class="field">
            <label for="league-sub-district">{t('league.subDistrict')}</label>
            <select
              id="league-sub-district"
              value={subDistrictId ?? ''}
              disabled={!subDistricts}
              onChange={(e) => setChoice((c) => ({ ...c, subDistrictId: (e.currentTarget as HTMLSelectElement).value || null }))}
            >
              {(subDistricts ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div class="filter-chips" role="group" aria-label={t('league.period')}>
            {LEAGUE_PRESETS.map((p) => (
              <button key={p} type="button" class="filter-chip" aria-pressed={preset === p} data-preset={p} onClick={() => pickPreset(p)}>
                {t(`league.preset.${p}`)}
              </button>
            ))}
          </div>
          {preset === 'custom' && (
            <div class="league-dates">
              <div class="field">
                <label for="league-from">{t('league.from')}</label>
                <input id="league-from" type="date" value={period.from} max={today} onInput={(e) => setDate('from', (e.currentTarget as HTMLInputElement).value)} />
              </div>
              <div class="field">
                <label for="league-to">{t('league.to')}</label>
                <input
                  id="league-to"
                  type="date"
                  value={period.to}
                  aria-invalid={problem === 'toBeforeFrom' ? 'true' : undefined}
                  aria-describedby={problem ? 'league-period-problem' : undefined}
                  onInput={(e) => setDate('to', (e.currentTarget as HTMLInputElement).value)}
                />
              </div>
              {problem && (
                <p id="league-period-problem" class="field-error">
                  {t(problem === 'missing' ? 'league.periodMissing' : 'league.toBeforeFrom')}
                </p>
              )}
            </div>
          )}
        </div>
        {busy && !rows && !error && <p role="status">{t('common.loading')}</p>}
        {rows && (
          <section class="league-result" aria-busy={busy}>
            {rows.length === 0 ? (
              <p class="muted" data-field="league-empty">
                {t('league.empty')}
              </p>
            ) : (
              <div class="league-scroll">
                <table class="league-table" data-list="league" ref={tableRef}>
                  <caption>
                    {t('league.caption', { place, from: formatDate(lang, period.from), to: formatDate(lang, period.to) })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col" class="num">
                        {t('league.rank')}
                      </th>
                      <th scope="col">{t('league.firm')}</th>
                      <th scope="col" class="num">
                        {t('league.per1000')}
                      </th>
                    </tr>
                  </thead>
                  {rows.map((s) => (
                    <StandingRows key={s.firmId} t={t} lang={lang} s={s} />
                  ))}
                </table>
              </div>
            )}
            <p class="muted small league-formula">{t('league.formula')}</p>
            {rows.length > 0 && (
              <p class="league-tools">
                <button type="button" class="secondary" onClick={() => print()}>
                  {t('league.print')}
                </button>
              </p>
            )}
          </section>
        )}
      </div>
    </main>
  );
}
