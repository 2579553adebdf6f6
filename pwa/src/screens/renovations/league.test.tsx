import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { parseRoute, routePath } from '../../router';
import { allowedRoute } from '../../shell';
import type { User } from '../../graphql/types';
import type { FirmStanding, SubDistrictOption } from '../../graphql/renovation-types';
import { GraphQLRequestError } from '../../graphql/client';
import { calls, firm, mountAt, officer, supervisor } from '../cases/fixtures.test-utils';
import {
  STANDING_FIELDS,
  defaultSubDistrict,
  formatCount,
  formatPer1000,
  formatShare,
  formatStandingField,
  periodProblem,
  presetPeriod,
  shanghaiToday,
} from './league-logic';

const SLOW = { timeout: 5000 };
const heading = () => screen.getByRole('heading', { level: 1 }).textContent;
const named = (name: string) => calls.filter((c) => c.name === name);
const housing: User = { id: 'h1', displayName: '房管 周科长', role: 'HOUSING', status: 'ACTIVE', scope: { kind: 'DISTRICT', label: '长宁区' } };

const SUB_DISTRICTS: SubDistrictOption[] = [
  { id: 'sd2', name: '江苏路街道', squad: { id: 'q2', name: '第二中队' } },
  { id: 'sd1', name: '华阳路街道', squad: { id: 'q1', name: '第一中队' } },
];

function standing(patch: Partial<FirmStanding> = {}): FirmStanding {
  return {
    rank: 1,
    firmId: 'f1',
    firmName: '长宁物业服务有限公司',
    communities: 3,
    unitsManaged: 1200,
    registrations: 6,
    registeredBeforeStart: 6,
    unregisteredFound: 1,
    registeredShare: 6 / 7,
    patrolsDue: 40,
    patrolsOnTime: 38,
    patrolOnTimeShare: 0.95,
    foundByFirm: 2,
    firstByComplaint: 1,
    reportsLate: 0,
    dutyChecksFailed: 0,
    casesAgainstFirm: 0,
    problems: 3,
    problemsPer1000Units: 2.5,
    ...patch,
  };
}

const second = standing({
  rank: 2,
  firmId: 'f2',
  firmName: '安化物业',
  communities: 1,
  unitsManaged: 300,
  registrations: 0,
  registeredBeforeStart: 0,
  unregisteredFound: 0,
  registeredShare: null,
  patrolsDue: 0,
  patrolsOnTime: 0,
  patrolOnTimeShare: null,
  foundByFirm: 0,
  firstByComplaint: 2,
  problems: 2,
  problemsPer1000Units: 6.666666,
});

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
});

describe('league logic', () => {
  it('Shanghai’s day, whatever the phone’s zone', () => {
    expect(shanghaiToday(Date.parse('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(shanghaiToday(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('presets end today, both ends inclusive', () => {
    expect(presetPeriod('month', '2026-11-27')).toEqual({ from: '2026-11-01', to: '2026-11-27' });
    expect(presetPeriod('last30', '2026-11-27')).toEqual({ from: '2026-10-29', to: '2026-11-27' });
    expect(presetPeriod('last30', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(presetPeriod('year', '2026-11-27')).toEqual({ from: '2026-01-01', to: '2026-11-27' });
    expect(presetPeriod('custom', '2026-11-27')).toBeNull();
    expect(periodProblem({ from: '2026-11-01', to: '2026-11-01' })).toBeNull();
    expect(periodProblem({ from: '2026-11-02', to: '2026-11-01' })).toBe('toBeforeFrom');
    expect(periodProblem({ from: '', to: '2026-11-01' })).toBe('missing');
  });

  it('shares as percentages and per-1,000 with one decimal; a share with nothing to divide is none', () => {
    expect(formatShare('zh-CN', 6 / 7)).toBe('85.7%');
    expect(formatShare('en', 0.95)).toBe('95.0%');
    expect(formatShare('en', 1)).toBe('100.0%');
    expect(formatShare('zh-CN', 0)).toBe('0.0%');
    expect(formatShare('zh-CN', null)).toBeNull();
    expect(formatPer1000('zh-CN', 2.5)).toBe('2.5');
    expect(formatPer1000('en', 0)).toBe('0.0');
    expect(formatPer1000('en', 6.666666)).toBe('6.7');
    expect(formatPer1000('en', 1234.56)).toBe('1,234.6');
    expect(formatCount('en', 1200)).toBe('1,200');
    expect(formatStandingField('en', second, 'registeredShare')).toBeNull();
    expect(formatStandingField('en', standing(), 'patrolOnTimeShare')).toBe('95.0%');
    expect(formatStandingField('en', standing(), 'problemsPer1000Units')).toBe('2.5');
    expect(formatStandingField('en', standing(), 'unitsManaged')).toBe('1,200');
  });

  it('every field of FirmStanding but the names and rank is shown behind the rank', () => {
    const shown = new Set<string>(STANDING_FIELDS);
    const rest = Object.keys(standing()).filter((k) => !shown.has(k));
    expect(rest.sort()).toEqual(['firmId', 'firmName', 'rank']);
  });

  it('the first sub-district: the one chosen before, else the officer’s squad’s, else the first', () => {
    expect(defaultSubDistrict(SUB_DISTRICTS, 'sd2', '第一中队')).toBe('sd2');
    expect(defaultSubDistrict(SUB_DISTRICTS, 'gone', '第一中队')).toBe('sd1');
    expect(defaultSubDistrict(SUB_DISTRICTS, null, null)).toBe('sd2');
    expect(defaultSubDistrict([], null, null)).toBeNull();
  });
});

describe('the route', () => {
  it('/renovations/league: officers, supervisors and housing; not the firms', () => {
    expect(parseRoute('/renovations/league')).toEqual({ name: 'renovationLeague' });
    expect(routePath({ name: 'renovationLeague' })).toBe('/renovations/league');
    for (const role of ['OFFICER', 'SUPERVISOR', 'HOUSING'] as const) {
      expect(allowedRoute(role, { name: 'renovationLeague' })).toEqual({ name: 'renovationLeague' });
    }
    expect(allowedRoute('PROPERTY', { name: 'renovationLeague' })).toEqual({ name: 'home' });
    expect(allowedRoute('RESIDENT', { name: 'renovationLeague' })).toEqual({ name: 'home' });
  });

  it('the list links to it for the watchers, not for the firm', async () => {
    const renovations = () => ({ renovations: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 } });
    mountAt('/renovations', housing, { Renovations: renovations });
    await waitFor(() => expect(screen.getByRole('link', { name: '物业履责排名' }).getAttribute('href')).toBe('/renovations/league'), SLOW);
    cleanup();
    mountAt('/renovations', firm, { Renovations: renovations });
    await waitFor(() => expect(heading()).toBe('装修登记'), SLOW);
    await waitFor(() => expect(named('Renovations')).toHaveLength(1));
    expect(screen.queryByRole('link', { name: '物业履责排名' })).toBeNull();
  });
});

describe('the league table', () => {
  it('the officer: their squad’s sub-district, this month; rank, firm and per-1,000 in a captioned table; the numbers behind fold out', async () => {
    const today = shanghaiToday();
    mountAt('/renovations/league', officer, {
      SubDistricts: () => ({ subDistricts: SUB_DISTRICTS }),
      FirmLeagueTable: () => ({ firmLeagueTable: [standing(), second] }),
    });
    await waitFor(() => expect(document.querySelector('[data-firm-id="f1"]')).toBeTruthy(), SLOW);
    expect(heading()).toBe('物业履责排名');
    expect(named('FirmLeagueTable')[0]!.vars).toEqual({ subDistrictId: 'sd1', from: `${today.slice(0, 8)}01`, to: today });
    expect((screen.getByLabelText('街道/镇') as HTMLSelectElement).value).toBe('sd1');

    const table = screen.getByRole('table');
    expect(table.querySelector('caption')!.textContent).toMatch(/^华阳路街道物业履责排名（.+ 至 .+）$/);
    expect([...table.querySelectorAll('thead th')].map((th) => [th.textContent, th.getAttribute('scope')])).toEqual([
      ['排名', 'col'],
      ['物业服务企业', 'col'],
      ['每千户问题数', 'col'],
    ]);
    const first = document.querySelector('[data-firm-id="f1"]')!;
    expect(first.querySelector('th[scope="row"]')!.textContent).toBe('长宁物业服务有限公司');
    expect(first.querySelector('[data-field="rank"]')!.textContent).toBe('1');
    expect(first.querySelector('[data-field="per1000"]')!.textContent).toBe('2.5');
    const f2 = document.querySelector('[data-firm-id="f2"]')!;
    expect(f2.querySelector('[data-field="per1000"]')!.textContent).toBe('6.7');

    const details = first.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe('排名依据 · 长宁物业服务有限公司');
    const value = (row: Element, field: string) => row.querySelector(`[data-field="${field}"] dd`)!.textContent;
    const label = (row: Element, field: string) => row.querySelector(`[data-field="${field}"] dt`)!.textContent;
    expect(first.querySelectorAll('dl > div')).toHaveLength(STANDING_FIELDS.length);
    expect(label(first, 'registeredShare')).toBe('开工前登记率');
    expect(value(first, 'registeredShare')).toBe('85.7%');
    expect(value(first, 'patrolOnTimeShare')).toBe('95.0%');
    expect(value(first, 'unitsManaged')).toBe('1,200');
    expect(value(first, 'unregisteredFound')).toBe('1');
    expect(label(first, 'unregisteredFound')).toBe('未登记装修投诉（A11）');
    expect(value(first, 'problems')).toBe('3');
    expect(value(first, 'problemsPer1000Units')).toBe('2.5');
    expect(value(f2, 'registeredShare')).toBe('无（分母为 0）');
    expect(f2.querySelector('[data-field="registeredShare"]')!.getAttribute('data-value')).toBe('');
  });

  it('presets and a custom period ask again; an end before the start is said and not sent', async () => {
    const today = shanghaiToday();
    mountAt('/renovations/league', supervisor, {
      SubDistricts: () => ({ subDistricts: SUB_DISTRICTS }),
      FirmLeagueTable: (v) => ({ firmLeagueTable: v.subDistrictId === 'sd2' ? [] : [standing()] }),
    });
    await waitFor(() => expect(named('FirmLeagueTable')).toHaveLength(1), SLOW);
    // The supervisor has no squad's sub-district: the first one.
    expect(named('FirmLeagueTable')[0]!.vars.subDistrictId).toBe('sd2');
    await waitFor(() => expect(screen.getByText('该街道/镇暂无物业服务企业管理的小区。')).toBeTruthy());

    fireEvent.change(screen.getByLabelText('街道/镇'), { target: { value: 'sd1' } });
    await waitFor(() => expect(named('FirmLeagueTable').at(-1)!.vars.subDistrictId).toBe('sd1'));
    fireEvent.click(screen.getByRole('button', { name: '本年' }));
    await waitFor(() => expect(named('FirmLeagueTable').at(-1)!.vars).toEqual({ subDistrictId: 'sd1', from: `${today.slice(0, 4)}-01-01`, to: today }));
    expect(screen.getByRole('button', { name: '本年' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '近 30 天' }));
    await waitFor(() => expect(named('FirmLeagueTable').at(-1)!.vars).toEqual({ subDistrictId: 'sd1', ...presetPeriod('last30', today) }));

    fireEvent.click(screen.getByRole('button', { name: '自定义' }));
    const sent = named('FirmLeagueTable').length;
    fireEvent.input(screen.getByLabelText('开始日期'), { target: { value: '2026-10-01' } });
    fireEvent.input(screen.getByLabelText('结束日期'), { target: { value: '2026-09-30' } });
    await waitFor(() => expect(screen.getByText('结束日期不能早于开始日期。')).toBeTruthy());
    expect(screen.getByLabelText('结束日期').getAttribute('aria-invalid')).toBe('true');
    const afterBad = named('FirmLeagueTable').length;
    expect(named('FirmLeagueTable').slice(sent).every((c) => c.vars.to >= c.vars.from)).toBe(true);
    fireEvent.input(screen.getByLabelText('结束日期'), { target: { value: '2026-10-31' } });
    await waitFor(() => expect(named('FirmLeagueTable').at(-1)!.vars).toEqual({ subDistrictId: 'sd1', from: '2026-10-01', to: '2026-10-31' }));
    expect(named('FirmLeagueTable').length).toBe(afterBad + 1);
    // The choice is kept for the next visit.
    expect(JSON.parse(localStorage.getItem('gongzhi.renovationLeague')!)).toMatchObject({ subDistrictId: 'sd1', preset: 'custom', period: { from: '2026-10-01', to: '2026-10-31' } });
  });

  it('in English', async () => {
    localStorage.setItem('gongzhi.lang', 'en');
    mountAt('/renovations/league', housing, {
      SubDistricts: () => ({ subDistricts: SUB_DISTRICTS.map((s) => ({ ...s, name: s.id === 'sd1' ? 'Huayang Road Subdistrict' : 'Jiangsu Road Subdistrict' })) }),
      FirmLeagueTable: () => ({ firmLeagueTable: [standing(), second] }),
    });
    await waitFor(() => expect(document.querySelector('[data-firm-id="f2"]')).toBeTruthy(), SLOW);
    expect(heading()).toBe('Property firm league table');
    expect(screen.getByRole('table').querySelector('caption')!.textContent).toMatch(/^Property firms of Jiangsu Road Subdistrict, .+ to .+$/);
    const f2 = document.querySelector('[data-firm-id="f2"]')!;
    expect(f2.querySelector('summary')!.textContent).toBe('Numbers behind the rank · 安化物业');
    expect(f2.querySelector('[data-field="patrolOnTimeShare"] dt')!.textContent).toBe('Share of patrols on time');
    expect(f2.querySelector('[data-field="patrolOnTimeShare"] dd')!.textContent).toBe('n/a (nothing to count)');
    expect(screen.getByRole('button', { name: 'This year' })).toBeTruthy();
  });

  it('a sub-district outside the caller’s: the server’s refusal is said, no stale table', async () => {
    mountAt('/renovations/league', officer, {
      SubDistricts: () => ({ subDistricts: SUB_DISTRICTS }),
      FirmLeagueTable: (v) => {
        if (v.subDistrictId === 'sd2') throw new GraphQLRequestError('无权查看该街道', 'FORBIDDEN');
        return { firmLeagueTable: [standing()] };
      },
    });
    await waitFor(() => expect(document.querySelector('[data-firm-id="f1"]')).toBeTruthy(), SLOW);
    fireEvent.change(screen.getByLabelText('街道/镇'), { target: { value: 'sd2' } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('无权查看该街道'));
    expect(screen.queryByRole('table')).toBeNull();
  });
});
