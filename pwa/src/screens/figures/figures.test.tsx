import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { parseRoute, routePath } from '../../router';
import { allowedRoute } from '../../shell';
import type { User } from '../../graphql/types';
import type { FigureRow, Figures, Hotspot, RectificationPlan } from '../../graphql/figure-types';
import { calls, item, mountAt, officer, supervisor } from '../cases/fixtures.test-utils';
import { presetPeriod, shanghaiToday } from './logic';

const SLOW = { timeout: 5000 };
const heading = () => screen.getByRole('heading', { level: 1 }).textContent;
const named = (name: string) => calls.filter((c) => c.name === name);
const resident: User = { id: 'r1', displayName: '王芳', role: 'RESIDENT', status: 'ACTIVE', scope: { kind: 'UNIT', label: '安化小区 1号楼 101' } };

function row(patch: Partial<FigureRow> = {}): FigureRow {
  return {
    key: '',
    label: '长宁区',
    received: 14,
    acceptedOnTime: 12,
    responseRate: 12 / 14,
    resolved: 10,
    resolutionRate: 10 / 14,
    replied: 8,
    repliedOnTime: 8,
    onTimeRate: 1,
    rated: 0,
    satisfied: 0,
    satisfactionRate: null,
    violations: 3,
    converted: 2,
    conversionRate: 2 / 3,
    mandatoryViolations: 0,
    mandatoryConverted: 0,
    mandatoryConversionRate: null,
    complaints: 11,
    repeats: 1,
    repeatRate: 1 / 11,
    ...patch,
  };
}

function figures(patch: Partial<Figures> = {}): Figures {
  return {
    from: '2026-11-01',
    to: '2026-11-27',
    by: 'SUB_DISTRICT',
    total: row(),
    rows: [row({ key: 'sd1', label: '华阳路街道', received: 9 }), row({ key: 'sd2', label: '江苏路街道', received: 5, responseRate: null })],
    focus: [
      { series: 'GROUP_RENTING', label: '群租', row: row({ received: 3 }) },
      { series: 'AFFORDABLE_HOUSING', label: '保障性租赁住房违规出租', row: row({ received: 0, resolutionRate: null }) },
      { series: 'GREEN_SPACE', label: '严重毁绿', row: row({ received: 1 }) },
    ],
    trend: [
      { start: '2026-10-27', received: 3, responseRate: 1, resolutionRate: 0.5, satisfactionRate: null },
      { start: '2026-11-03', received: 11, responseRate: 0.8, resolutionRate: 0.7, satisfactionRate: null },
    ],
    cases: { opened: 2, closed: 1, open: 5, overdue: 1, byStage: [{ stage: 'INVESTIGATING', count: 3 }, { stage: 'NOTIFIED', count: 2 }] },
    dutyChecks: { concluded: 2, failed: 1 },
    renovation: { registered: 4, highRisk: 1, inProgress: 2, completed: 1, violationReports: 1, lateReports: 0 },
    ...patch,
  };
}

const common = {
  SubDistricts: () => ({ subDistricts: [{ id: 'sd1', name: '华阳路街道', squad: null }] }),
  Matters: () => ({ matters: { edges: [{ node: { code: 'B1', name: '群租', category: 'ILLEGAL_RENTAL' } }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 } }),
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
  vi.unstubAllGlobals();
});

describe('routes and who may open them', () => {
  it('parses and builds the new paths (the drill-down keeps its query)', () => {
    expect(parseRoute('/figures')).toEqual({ name: 'figures' });
    expect(parseRoute('/figures/items', '?from=2026-11-01&measure=RECEIVED')).toEqual({ name: 'figureItems', search: 'from=2026-11-01&measure=RECEIVED' });
    expect(parseRoute('/figures/items?measure=REPEAT')).toEqual({ name: 'figureItems', search: 'measure=REPEAT' });
    expect(parseRoute('/hotspots/h%201')).toEqual({ name: 'hotspot', id: 'h 1' });
    expect(parseRoute('/hotspots/h1/plans/new')).toEqual({ name: 'planNew', hotspotId: 'h1' });
    expect(parseRoute('/hotspots/import')).toEqual({ name: 'hotspotImport' });
    expect(parseRoute('/plans/p1')).toEqual({ name: 'plan', id: 'p1' });
    expect(parseRoute('/workrooms/c1')).toEqual({ name: 'workroom', communityId: 'c1' });
    expect(parseRoute('/practice/new')).toEqual({ name: 'practiceNew' });
    expect(parseRoute('/practice/x/edit')).toEqual({ name: 'practiceEdit', id: 'x' });
    expect(parseRoute('/practice/x')).toEqual({ name: 'practiceCase', id: 'x' });
    expect(routePath({ name: 'planNew', hotspotId: 'h 1' })).toBe('/hotspots/h%201/plans/new');
    expect(routePath({ name: 'figureItems', search: 'a=1' })).toBe('/figures/items?a=1');
    expect(routePath({ name: 'practiceReview' })).toBe('/practice/review');
  });

  it('figures and hotspots for officers and supervisors; imports, marks and plans for supervisors; the library for everyone', () => {
    expect(allowedRoute('OFFICER', { name: 'figures' })).toEqual({ name: 'figures' });
    expect(allowedRoute('HOUSING', { name: 'figures' })).toEqual({ name: 'home' });
    expect(allowedRoute('RESIDENT', { name: 'hotspots' })).toEqual({ name: 'home' });
    expect(allowedRoute('OFFICER', { name: 'hotspotImport' })).toEqual({ name: 'home' });
    expect(allowedRoute('SUPERVISOR', { name: 'planNew', hotspotId: 'h1' })).toEqual({ name: 'planNew', hotspotId: 'h1' });
    expect(allowedRoute('RESIDENT', { name: 'practice' })).toEqual({ name: 'practice' });
    expect(allowedRoute('PROPERTY', { name: 'practiceCase', id: 'p' })).toEqual({ name: 'practiceCase', id: 'p' });
    expect(allowedRoute('RESIDENT', { name: 'practiceNew' })).toEqual({ name: 'home' });
    expect(allowedRoute('OFFICER', { name: 'practiceReview' })).toEqual({ name: 'home' });
    expect(allowedRoute('OFFICER', { name: 'workroom', communityId: 'c1' })).toEqual({ name: 'workroom', communityId: 'c1' });
  });

  it('officers find them on their home screen; residents the library and their workroom', async () => {
    mountAt('/', officer, {});
    await waitFor(() => expect(screen.getByRole('link', { name: /^数据统计/ }).getAttribute('href')).toBe('/figures'), SLOW);
    expect(screen.getByRole('link', { name: /^投诉集中小区点位/ }).getAttribute('href')).toBe('/hotspots');
    expect(screen.getByRole('link', { name: /^社区工作室/ }).getAttribute('href')).toBe('/workrooms');
    expect(screen.getByRole('link', { name: '五治实践案例库' }).getAttribute('href')).toBe('/practice');
    cleanup();
    mountAt('/', resident, {
      MyWorkroom: () => ({
        myWorkroom: { community: { id: 'c1', name: '安化小区' }, workroom: { officeHours: '每周三 9:00–11:30', phone: '021-6251 0000', officers: ['李强', '王明'] } },
      }),
      RenovationNotices: () => ({ renovationNotices: [] }),
    });
    await waitFor(() => expect(document.querySelector('[data-section="workroom"]')).toBeTruthy(), SLOW);
    const card = document.querySelector('[data-section="workroom"]')!;
    expect(card.querySelector('h2')!.textContent).toBe('城管社区工作室');
    expect(card.querySelector('[data-field="workroom-officers"]')!.textContent).toBe('李强、王明');
    expect(card.querySelector('[data-field="workroom-hours"]')!.textContent).toBe('每周三 9:00–11:30');
    const tel = screen.getByRole('link', { name: '拨打 021-6251 0000' });
    expect(tel.getAttribute('href')).toBe('tel:021-62510000');
    expect(screen.getByRole('link', { name: '五治实践案例库' })).toBeTruthy();
  });
});

describe('the figures screen', () => {
  it('this month by sub-district: rates as percentages, none as "—", counts link to their items, the focus series and the rest', async () => {
    const today = shanghaiToday();
    mountAt('/figures', supervisor, { ...common, Figures: () => ({ figures: figures() }) });
    await waitFor(() => expect(document.querySelector('[data-list="rates"]')).toBeTruthy(), SLOW);
    expect(heading()).toBe('数据统计');
    expect(named('Figures')[0]!.vars).toEqual({ filter: presetPeriod('thisMonth', today), by: 'SUB_DISTRICT', bucket: 'WEEK' });
    const rate = (r: string) => document.querySelector(`[data-rate="${r}"] .rate-value`)!.textContent;
    expect(rate('responseRate')).toBe('85.7%');
    expect(rate('satisfactionRate')).toBe('—');
    expect(rate('mandatoryConversionRate')).toBe('—');
    expect(document.querySelector('[data-rate="responseRate"]')!.textContent).toContain('按时受理 12 / 收到 14');
    const received = screen.getByRole('link', { name: '收到诉求 14 件，查看明细' });
    expect(received.getAttribute('href')).toMatch(/^\/figures\/items\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}&measure=RECEIVED$/);
    const late = document.querySelector('[data-rate="responseRate"] a[data-measure="ACCEPTED_LATE"]')!;
    expect(late.textContent).toBe('未按时受理的诉求');

    // The table: one row per sub-district and the total; a row's received count drills into that row.
    const sd2 = document.querySelector('[data-row-key="sd2"]')!;
    expect(sd2.querySelector('th')!.textContent).toBe('江苏路街道');
    expect(sd2.querySelector('[data-field="responseRate"]')!.textContent).toBe('—');
    expect(sd2.querySelector('[data-field="received"] a')!.getAttribute('href')).toContain('&measure=RECEIVED&by=SUB_DISTRICT&key=sd2&label=');
    expect(document.querySelector('[data-row-key="total"] th')!.textContent).toBe('合计');

    // The chart's numbers are in a table too; the focus series, cases, duty checks and the renovation pilot.
    expect(document.querySelector('[data-chart="trend"] figcaption')!.textContent).toBe('每周收到的诉求（柱）与三率（线）');
    expect(document.querySelectorAll('[data-chart="trend"] tbody tr')).toHaveLength(2);
    expect([...document.querySelectorAll('[data-focus] h3')].map((h) => h.textContent)).toEqual(['群租', '保障性租赁住房违规出租', '严重毁绿']);
    expect(document.querySelector('[data-focus="GROUP_RENTING"] a')!.getAttribute('href')).toContain('focus=GROUP_RENTING');
    expect(document.querySelector('[data-section="cases"] [data-field="overdue"] dd')!.textContent).toBe('1');
    expect(document.querySelector('[data-section="cases"] [data-field="stage-INVESTIGATING"] dt')!.textContent).toBe('调查取证');
    expect(document.querySelector('[data-section="duty-checks"] [data-field="failed"] dd')!.textContent).toBe('1');
    expect(document.querySelector('[data-section="renovation"] [data-field="highRisk"] dd')!.textContent).toBe('1');
  });

  it('presets, the dimension and "only this" ask again; a custom period over 366 days is said and not sent', async () => {
    mountAt('/figures', supervisor, { ...common, Figures: (v) => ({ figures: figures({ by: v.by }) }) });
    await waitFor(() => expect(named('Figures')).toHaveLength(1), SLOW);
    fireEvent.click(screen.getByRole('button', { name: '上月' }));
    await waitFor(() => expect(named('Figures')).toHaveLength(2));
    expect(named('Figures')[1]!.vars.filter).toEqual(presetPeriod('lastMonth', shanghaiToday()));
    fireEvent.change(screen.getByLabelText('分组方式'), { target: { value: 'COMMUNITY' } });
    await waitFor(() => expect(named('Figures').at(-1)!.vars.by).toBe('COMMUNITY'));
    await waitFor(() => expect(document.querySelector('[data-by="COMMUNITY"]')).toBeTruthy());
    fireEvent.click(document.querySelector('[data-row-key="sd1"] [data-action="only-this"]')!);
    await waitFor(() => expect(named('Figures').at(-1)!.vars.filter.communityId).toBe('sd1'));
    expect(screen.getByRole('button', { name: '华阳路街道（点击取消）' })).toBeTruthy();

    const before = named('Figures').length;
    fireEvent.click(screen.getByRole('button', { name: '自定义' }));
    fireEvent.input(screen.getByLabelText('开始日期'), { target: { value: '2025-01-01' } });
    fireEvent.input(screen.getByLabelText('结束日期'), { target: { value: '2026-06-30' } });
    await waitFor(() => expect(screen.getByText('统计期间最长 366 天。')).toBeTruthy());
    expect(screen.getByLabelText('结束日期').getAttribute('aria-invalid')).toBe('true');
    expect(named('Figures').every((c, i) => i < before || c.vars.filter.from !== '2025-01-01' || c.vars.filter.to !== '2026-06-30')).toBe(true);
  });

  it('exports the table with the bearer token and saves the file; a refusal is said', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) =>
      new Response(new Blob(['PK xlsx bytes']), {
        status: 200,
        headers: { 'Content-Disposition': 'attachment; filename="figures-2026-11-01-2026-11-27.xlsx"' },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const created: string[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => (created.push('blob:1'), 'blob:1'), revokeObjectURL: () => undefined }));
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    mountAt('/figures', supervisor, { ...common, Figures: () => ({ figures: figures() }) });
    await waitFor(() => expect(screen.getByRole('button', { name: '导出 Excel' })).toBeTruthy(), SLOW);
    fireEvent.click(screen.getByRole('button', { name: '导出 Excel' }));
    await waitFor(() => expect(clicks).toEqual(['figures-2026-11-01-2026-11-27.xlsx']));
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toMatch(/^\/exports\/figures\.xlsx\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}&by=SUB_DISTRICT$/);
    expect((init.headers as Record<string, string>)['Authorization']).toBe('Bearer a');
    expect(created).toHaveLength(1);
    await waitFor(() => expect(screen.getByText('已下载 figures-2026-11-01-2026-11-27.xlsx')).toBeTruthy());

    fetchMock.mockImplementation(async () => new Response(JSON.stringify({ code: 'BAD_INPUT', message: '统计期间不能超过 366 天' }), { status: 400 }));
    fireEvent.click(screen.getByRole('button', { name: '导出 Excel' }));
    await waitFor(() => expect(document.querySelector('[data-export="figures"] [role="alert"]')!.textContent).toBe('统计期间不能超过 366 天'));
    fetchMock.mockImplementation(async () => new Response('nope', { status: 403 }));
    fireEvent.click(screen.getByRole('button', { name: '导出 Excel' }));
    await waitFor(() => expect(screen.getByText('导出失败（HTTP 403），请稍后再试。')).toBeTruthy());
    click.mockRestore();
  });

  it('the drill-down lists the items behind a number, linked to their pages, and exports them', async () => {
    const search = 'from=2026-11-01&to=2026-11-30&communityId=c1&measure=UNRESOLVED&by=COMMUNITY&key=c1&label=%E5%AE%89%E5%8C%96%E5%B0%8F%E5%8C%BA';
    mountAt(`/figures/items?${search}`, officer, {
      FigureItems: () => ({ figureItems: { edges: [{ node: item() }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 } }),
    });
    await waitFor(() => expect(document.querySelector('[data-list="figure-items"]')).toBeTruthy(), SLOW);
    expect(heading()).toBe('尚未解决的诉求');
    expect(named('FigureItems')[0]!.vars).toEqual({
      filter: { from: '2026-11-01', to: '2026-11-30', communityId: 'c1' },
      measure: 'UNRESOLVED',
      by: 'COMMUNITY',
      key: 'c1',
      first: 30,
      after: null,
    });
    expect(document.querySelector('[data-field="drill-scope"]')!.textContent).toMatch(/^安化小区 · /);
    expect(document.querySelector('[data-item-id="i1"] a')!.getAttribute('href')).toBe('/items/i1');
    expect(screen.getByRole('button', { name: '导出 Excel' })).toBeTruthy();
  });
});

function hotspot(patch: Partial<Hotspot> = {}): Hotspot {
  return {
    id: 'h1',
    community: { id: 'c1', name: '安化小区', address: '安化路 1 号' },
    startsOn: '2026-10-01',
    endsOn: null,
    active: true,
    source: 'IMPORTED',
    note: null,
    openItems: 3,
    pattern: {
      label: 'SAME_PROBLEM_REPEATED',
      labelText: '同一问题的反复投诉',
      from: '2026-08-30',
      to: '2026-11-27',
      dataFrom: '2026-10-20',
      windowLongerThanData: true,
      total: 8,
      distinctMatters: 2,
      distinctUnits: 3,
      topUnitMatter: { unitLabel: '3号楼 502', matterCode: 'B1', matterName: '群租', count: 6 },
      topUnitMatterShare: 0.75,
      topMatter: { matterCode: 'B1', matterName: '群租', count: 7, units: 2 },
      topMatterShare: 0.875,
      matters: [
        { matterCode: 'B1', matterName: '群租', count: 7, units: 2 },
        { matterCode: 'C1', matterName: '乱堆物', count: 1, units: 1 },
      ],
      explanation: '同一房屋同一事项的投诉占 75%，超过 50%。',
    },
    plans: [],
    ...patch,
  };
}

describe('hotspots', () => {
  it('the hotspot page: pattern label, the rule and its numbers, the window notice, weekly chart; the window picker asks again', async () => {
    mountAt('/hotspots/h1', supervisor, {
      Hotspot: () => ({ hotspot: hotspot() }),
      HotspotWeekly: () => ({ hotspot: { weekly: [{ weekStart: '2026-11-17', count: 2 }, { weekStart: '2026-11-24', count: 5 }] } }),
    });
    await waitFor(() => expect(heading()).toBe('安化小区'), SLOW);
    expect(document.querySelector('[data-pattern="SAME_PROBLEM_REPEATED"]')!.textContent).toBe('同一问题的反复投诉');
    expect(document.querySelector('[data-field="pattern-explanation"]')!.textContent).toBe('同一房屋同一事项的投诉占 75%，超过 50%。');
    expect(document.querySelector('[data-field="window-longer"]')!.textContent).toMatch(/^所选时段早于本小区最早的投诉记录（2026年10月20日）/);
    expect(document.querySelector('[data-field="topUnitMatter"] dd')!.textContent).toBe('3号楼 502 · 群租：6 件，占 75.0%');
    expect(document.querySelector('[data-field="topMatter"] dd')!.textContent).toBe('群租：7 件，涉及 2 处房屋，占 87.5%');
    expect(document.querySelectorAll('[data-list="pattern-matters"] tbody tr')).toHaveLength(2);
    await waitFor(() => expect(document.querySelector('[data-chart="hotspot-weekly"]')).toBeTruthy());
    expect(named('HotspotWeekly')[0]!.vars).toEqual({ id: 'h1', weeks: 13 });
    expect(screen.getByRole('link', { name: '新建专项整治方案' }).getAttribute('href')).toBe('/hotspots/h1/plans/new');
    expect(named('Hotspot')[0]!.vars.to).toBe(shanghaiToday());
    fireEvent.click(screen.getByRole('button', { name: '近 365 天' }));
    await waitFor(() => expect(named('Hotspot')).toHaveLength(2));
    expect(named('Hotspot')[1]!.vars.from < named('Hotspot')[0]!.vars.from).toBe(true);
  });

  it('officers read it: no plan button, no end', async () => {
    mountAt('/hotspots/h1', officer, { Hotspot: () => ({ hotspot: hotspot() }), HotspotWeekly: () => ({ hotspot: { weekly: [] } }) });
    await waitFor(() => expect(heading()).toBe('安化小区'), SLOW);
    expect(screen.queryByRole('link', { name: '新建专项整治方案' })).toBeNull();
    expect(screen.queryByText('结束点位整治')).toBeNull();
  });

  it('a plan starting before the hotspot: the server’s PLAN_BEFORE_HOTSPOT is said at the start date', async () => {
    mountAt('/hotspots/h1/plans/new', supervisor, {
      Hotspot: () => ({ hotspot: hotspot() }),
      CreateRectificationPlan: () => ({
        createRectificationPlan: { plan: null, userErrors: [{ field: ['input', 'startedOn'], code: 'PLAN_BEFORE_HOTSPOT', message: '方案不能早于点位开始日期（2026-10-01）' }] },
      }),
    });
    await waitFor(() => expect(heading()).toBe('新建专项整治方案'), SLOW);
    fireEvent.click(screen.getByRole('button', { name: '创建方案' }));
    await waitFor(() => expect(screen.getByText('请填写方案名称。')).toBeTruthy());
    expect(named('CreateRectificationPlan')).toHaveLength(0);
    fireEvent.input(screen.getByLabelText('方案名称'), { target: { value: '群租专项整治' } });
    fireEvent.input(screen.getByLabelText('开始日期'), { target: { value: '2026-09-01' } });
    fireEvent.input(screen.getByLabelText('措施内容'), { target: { value: '联合检查' } });
    fireEvent.input(screen.getByLabelText('责任人或责任单位'), { target: { value: '第一中队' } });
    fireEvent.input(screen.getByLabelText('完成期限'), { target: { value: '2026-12-31' } });
    fireEvent.click(screen.getByRole('button', { name: '增加一项措施' }));
    expect(screen.getAllByLabelText('措施内容')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: '删除措施 2' }));
    fireEvent.click(screen.getByRole('button', { name: '创建方案' }));
    await waitFor(() => expect(document.querySelector('[data-error-for="startedOn"]')!.textContent).toBe('方案不能早于点位开始日期（2026-10-01）'));
    expect(screen.getByLabelText('开始日期').getAttribute('aria-invalid')).toBe('true');
    expect(named('CreateRectificationPlan')[0]!.vars.input).toEqual({
      hotspotId: 'h1',
      title: '群租专项整治',
      startedOn: '2026-09-01',
      endsOn: null,
      measures: [{ description: '联合检查', owner: '第一中队', dueOn: '2026-12-31' }],
    });
  });

  it('the plan page: the before/after chart with its averages, a measure marked done, a note added', async () => {
    const plan: RectificationPlan = {
      id: 'p1',
      hotspot: { id: 'h1', startsOn: '2026-10-01', community: { id: 'c1', name: '安化小区' } },
      title: '群租专项整治',
      startedOn: '2026-11-16',
      endsOn: null,
      measures: [{ id: 'm1', description: '联合检查', owner: '第一中队', dueOn: '2026-11-20', doneOn: null, overdue: true }],
      notes: [],
      weekly: [
        { weekStart: '2026-11-02', count: 4, afterPlan: false },
        { weekStart: '2026-11-09', count: 6, afterPlan: false },
        { weekStart: '2026-11-16', count: 1, afterPlan: true },
      ],
      createdBy: '张队',
      createdAt: '2026-11-15T01:00:00Z',
    };
    mountAt('/plans/p1', officer, {
      RectificationPlan: () => ({ rectificationPlan: plan }),
      CompletePlanMeasure: (v) => ({
        completePlanMeasure: { plan: { ...plan, measures: [{ ...plan.measures[0]!, doneOn: v.doneOn, overdue: false }] }, userErrors: [] },
      }),
      AddPlanNote: (v) => ({ addPlanNote: { plan: { ...plan, notes: [{ id: 'n1', body: v.body, author: '李强', at: '2026-11-27T02:00:00Z' }] }, userErrors: [] } }),
    });
    await waitFor(() => expect(heading()).toBe('群租专项整治'), SLOW);
    expect(document.querySelector('[data-field="averages"]')!.textContent).toBe('方案开始前平均每周 5 件，开始后平均每周 1 件。');
    const legend = [...document.querySelectorAll('[data-chart="before-after"] .chart-legend li')].map((li) => li.textContent);
    expect(legend).toEqual(['方案开始前', '方案开始后', '方案开始 11月16日']);
    expect(screen.queryByText('增加一项措施')).toBeNull(); // supervisors only
    fireEvent.input(screen.getByLabelText('完成日期'), { target: { value: '2026-11-25' } });
    fireEvent.click(screen.getByRole('button', { name: '标记完成 · 联合检查' }));
    await waitFor(() => expect(document.querySelector('[data-measure-id="m1"] [data-field="done-on"]')!.textContent).toBe('2026年11月25日 完成'));
    expect(named('CompletePlanMeasure')[0]!.vars).toEqual({ measureId: 'm1', doneOn: '2026-11-25' });
    fireEvent.input(screen.getByLabelText('新的进展'), { target: { value: '已约谈业主' } });
    fireEvent.click(screen.getByRole('button', { name: '添加进展' }));
    await waitFor(() => expect(document.querySelector('[data-list="notes"]')!.textContent).toContain('已约谈业主'));
  });

  it('import: a dry run shows matched and unmatched lines with reasons; import waits for "skip unmatched"', async () => {
    const lines = {
      matched: [{ line: 2, name: '安化小区', address: '安化路', community: { id: 'c1', name: '安化小区' }, reason: null }],
      unmatched: [{ line: 3, name: '不存在小区', address: '某路', community: null, reason: '本区没有这个小区' }],
    };
    mountAt('/hotspots/import', supervisor, {
      ImportHotspots: (v) => ({ importHotspots: { imported: v.dryRun ? 0 : 1, ...lines, userErrors: [] } }),
    });
    await waitFor(() => expect(heading()).toBe('导入点位名单'), SLOW);
    fireEvent.click(screen.getByRole('button', { name: '预览匹配结果' }));
    await waitFor(() => expect(screen.getByText('请选择文件或粘贴名单。')).toBeTruthy());
    fireEvent.input(screen.getByLabelText('CSV 内容'), { target: { value: '小区名称,地址\n安化小区,安化路\n不存在小区,某路\n' } });
    fireEvent.click(screen.getByRole('button', { name: '预览匹配结果' }));
    await waitFor(() => expect(document.querySelector('[data-section="import-unmatched"]')).toBeTruthy());
    expect(named('ImportHotspots')[0]!.vars).toMatchObject({ dryRun: true, skipUnmatched: false, endsOn: null });
    expect(document.querySelector('[data-line="3"] [data-field="reason"]')!.textContent).toBe('本区没有这个小区');
    const run = screen.getByRole('button', { name: '导入 1 个小区' }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('跳过未匹配的行，只导入已匹配的小区'));
    expect(run.disabled).toBe(false);
    fireEvent.click(run);
    await waitFor(() => expect(document.querySelector('[data-field="import-done"]')!.textContent).toBe('已导入 1 个投诉集中小区。'));
    expect(named('ImportHotspots')[1]!.vars).toMatchObject({ dryRun: false, skipUnmatched: true });
  });
});

describe('the practice library', () => {
  const practice = {
    id: 'pc1',
    title: '群租整治的共治做法',
    summary: '居委会、物业和中队一起',
    body: '正文',
    tags: ['CO_GOVERNANCE'],
    status: 'IN_REVIEW',
    author: '李强',
    communities: [{ id: 'c1', name: '安化小区' }],
    caseNumbers: [],
    reviewNote: null,
    publishedAt: null,
    updatedAt: '2026-11-27T01:00:00Z',
    version: 2,
    canEdit: false,
    canReview: true,
  };

  it('everyone: search and tag chips ask again', async () => {
    mountAt('/practice', resident, {
      PracticeCases: () => ({ practiceCases: { edges: [{ node: { ...practice, status: 'PUBLISHED' } }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 } }),
    });
    await waitFor(() => expect(document.querySelector('[data-practice-id="pc1"]')).toBeTruthy(), SLOW);
    expect(heading()).toBe('五治实践案例');
    expect(screen.queryByRole('link', { name: '撰写实践案例' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '共治' }));
    await waitFor(() => expect(named('PracticeCases').at(-1)!.vars).toMatchObject({ tag: 'CO_GOVERNANCE', mine: false, status: null }));
    fireEvent.input(screen.getByLabelText('搜索案例'), { target: { value: '群租' } });
    fireEvent.click(screen.getByRole('button', { name: '搜索' }));
    await waitFor(() => expect(named('PracticeCases').at(-1)!.vars.search).toBe('群租'));
  });

  it('review: returning needs a note; a stale version says to reload', async () => {
    mountAt('/practice/pc1', supervisor, {
      PracticeCase: () => ({ practiceCase: practice }),
      ReviewPracticeCase: () => {
        throw new Error('not sent without a note');
      },
    });
    await waitFor(() => expect(heading()).toBe('群租整治的共治做法'), SLOW);
    fireEvent.click(screen.getByRole('button', { name: '退回修改' }));
    await waitFor(() => expect(screen.getByText('退回时须写明修改意见。')).toBeTruthy());
    expect(named('ReviewPracticeCase')).toHaveLength(0);
  });

  it('a CONFLICT from the server is a clear message with a reload', async () => {
    const { GraphQLRequestError } = await import('../../graphql/client');
    let loads = 0;
    mountAt('/practice/pc1', supervisor, {
      PracticeCase: () => (loads++, { practiceCase: practice }),
      ReviewPracticeCase: () => {
        throw new GraphQLRequestError('stale', 'CONFLICT');
      },
    });
    await waitFor(() => expect(heading()).toBe('群租整治的共治做法'), SLOW);
    fireEvent.click(screen.getByRole('button', { name: '审核通过并发布' }));
    await waitFor(() => expect(document.querySelector('[data-field="conflict"]')!.textContent).toMatch(/^这篇案例已被他人修改/));
    expect(named('ReviewPracticeCase')[0]!.vars).toEqual({ id: 'pc1', version: 2, decision: 'PUBLISH', note: null });
    fireEvent.click(screen.getByRole('button', { name: '重新加载' }));
    await waitFor(() => expect(loads).toBe(2));
    await waitFor(() => expect(document.querySelector('[data-field="conflict"]')).toBeNull());
  });

  it('an officer writes one and submits it', async () => {
    const saved = { ...practice, status: 'DRAFT', canEdit: true, canReview: false, version: 1 };
    mountAt('/practice/new', officer, {
      PracticeCommunities: () => ({ myCommunities: { edges: [{ node: { id: 'c1', name: '安化小区' } }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 } }),
      PracticeCaseOptions: () => ({ cases: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 } }),
      SavePracticeCase: () => ({ savePracticeCase: { practice: saved, userErrors: [] } }),
      SubmitPracticeCase: () => ({ submitPracticeCase: { practice: { ...saved, status: 'IN_REVIEW', version: 2 }, userErrors: [] } }),
      PracticeCase: () => ({ practiceCase: { ...saved, status: 'IN_REVIEW', version: 2, canEdit: false } }),
    });
    await waitFor(() => expect(heading()).toBe('撰写实践案例'), SLOW);
    await waitFor(() => expect(screen.getByLabelText('安化小区')).toBeTruthy());
    fireEvent.input(screen.getByLabelText('标题'), { target: { value: '群租整治的共治做法' } });
    fireEvent.input(screen.getByLabelText('摘要'), { target: { value: '居委会、物业和中队一起' } });
    fireEvent.input(screen.getByLabelText('正文'), { target: { value: '正文' } });
    fireEvent.click(screen.getByRole('button', { name: '保存并提交审核' }));
    await waitFor(() => expect(screen.getByText('请至少选择一个“五治”类型。')).toBeTruthy());
    fireEvent.click(screen.getByLabelText('共治：物业、居委会与执法共同治理'));
    fireEvent.click(screen.getByLabelText('安化小区'));
    fireEvent.click(screen.getByRole('button', { name: '保存并提交审核' }));
    await waitFor(() => expect(location.pathname).toBe('/practice/pc1'), SLOW);
    expect(named('SavePracticeCase')[0]!.vars.input).toEqual({
      title: '群租整治的共治做法',
      summary: '居委会、物业和中队一起',
      body: '正文',
      tags: ['CO_GOVERNANCE'],
      communityIds: ['c1'],
      caseIds: [],
    });
    expect(named('SubmitPracticeCase')[0]!.vars).toEqual({ id: 'pc1', version: 1 });
  });
});
