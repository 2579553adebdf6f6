// 联合执法: joint actions of the bureau with the departments (群租 / 保障房违规出租), newest first as
// the server sends them; focus chips narrow the list. Officers and supervisors start a new one; the
// housing partner reads them.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { JointActionsQuery } from '../../graphql/partner-operations';
import { JOINT_FOCUSES, type JointAction, type JointFocus } from '../../graphql/partner-types';
import { errorText, useHeadingFocus } from '../../ui';
import { formatDate, isStaff, jointActionPath, recheckState } from './logic';
import { shanghaiToday } from '../renovations/league-logic';

const FOCUS_KEY = 'gongzhi.jointFocus';

export function JointActionsScreen() {
  const { t, lang, user, call, storage, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [focus, setFocus] = useState<JointFocus | ''>(() => {
    const saved = storage.getItem(FOCUS_KEY);
    return saved && (JOINT_FOCUSES as readonly string[]).includes(saved) ? (saved as JointFocus) : '';
  });
  const [list, setList] = useState<JointAction[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const today = shanghaiToday();

  useEffect(() => {
    storage.setItem(FOCUS_KEY, focus);
    if (offline) return;
    call(JointActionsQuery, { focus: focus || null, first: 50 }).then(
      (d) => {
        setList(d.jointActions);
        setError(null);
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [focus, offline, lang]);

  const chip = (value: JointFocus | '', label: string) => (
    <button key={value || 'all'} type="button" class="filter-chip" aria-pressed={focus === value} data-filter={`focus-${value || 'all'}`} onClick={() => setFocus(value)}>
      {label}
    </button>
  );

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('jointActions.title')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        <p class="muted small">{t(isStaff(user.role) ? 'ja.listIntroStaff' : 'ja.listIntroHousing')}</p>
        {isStaff(user.role) && (
          <p class="list-action">
            <a class="button primary" href="/joint-actions/new" data-action="new-joint-action">
              {t('ja.new')}
            </a>
          </p>
        )}
        <div class="filter-chips" role="group" aria-label={t('ja.focus')}>
          {chip('', t('ja.focusAll'))}
          {JOINT_FOCUSES.map((f) => chip(f, t(`ja.focus.${f}`)))}
        </div>
        {list === null && !offline && !error && <p role="status">{t('common.loading')}</p>}
        {list && list.length === 0 && (
          <p class="muted" data-field="joint-empty">
            {t('ja.empty')}
          </p>
        )}
        {list && list.length > 0 && (
          <ul class="list" data-list="joint-actions">
            {list.map((a) => {
              const due = a.units.filter((u) => recheckState(u, today) !== 'done' && recheckState(u, today) !== 'none').length;
              const late = a.units.filter((u) => recheckState(u, today) === 'overdue').length;
              return (
                <li key={a.id} class={`card item-card${late > 0 ? ' card-overdue' : ''}`} data-joint-action-id={a.id} data-focus={a.focus}>
                  <div class="item-card-body">
                    <a class="item-link" href={jointActionPath(a.id)}>
                      {a.title}
                    </a>
                    <p class="chips">
                      <span class="chip chip-neutral">{t(`ja.focus.${a.focus}`)}</span>
                      {due > 0 && <span class={`chip ${late > 0 ? 'chip-danger' : 'chip-warn'}`}>{t('ja.rechecksDueChip', { n: String(due) })}</span>}
                    </p>
                    <p class="muted small">
                      {formatDate(lang, a.actionOn)} · {a.community.name}
                    </p>
                    <p class="small">{t('ja.withDepartments', { names: a.departments.map((d) => d.name).join('、') })}</p>
                    <p class="muted small">{t('ja.unitsCount', { n: String(a.units.length) })}</p>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </main>
  );
}
