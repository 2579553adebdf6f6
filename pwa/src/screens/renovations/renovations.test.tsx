import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { parseRoute, routePath } from '../../router';
import { allowedRoute, tabsFor } from '../../shell';
import { translator } from '../../i18n';
import type { User } from '../../graphql/types';
import type { Renovation, RenovationNotice } from '../../graphql/renovation-types';
import { calls, firm, item, mountAt, officer } from '../cases/fixtures.test-utils';

// Photos are made small with a canvas the test DOM lacks: here the picked file is the photo.
vi.mock('../../photos', async (original) => ({
  ...(await original<typeof import('../../photos')>()),
  compressPhoto: async (file: File) => ({ blob: file, name: 'signed.jpg' }),
}));

const SLOW = { timeout: 5000 };
const heading = () => screen.getByRole('heading', { level: 1 }).textContent;
const named = (name: string) => calls.filter((c) => c.name === name);
const resident: User = { id: 'r1', displayName: '王芳', role: 'RESIDENT', status: 'ACTIVE', scope: { kind: 'UNIT', label: '安化小区 1号楼 101' } };

function renovation(patch: Partial<Renovation> = {}): Renovation {
  return {
    id: 'rv1',
    community: { id: 'c1', name: '安化小区' },
    unitLabel: '1号楼 1201',
    ownerName: '王某',
    ownerPhone: '13900000009',
    contractorName: '好家装饰',
    contractorPhone: null,
    plannedStart: '2026-11-20',
    plannedEnd: '2026-12-31',
    scopeOfWork: '卫生间改造',
    loadBearing: false,
    waterproofing: true,
    sharedFacilities: false,
    highRisk: true,
    status: 'REGISTERED',
    agreementSignedOn: null,
    agreementPhotoUrl: null,
    startedOn: null,
    completedOn: null,
    completionNote: null,
    patrolEveryWorkingDays: 2,
    nextPatrolDue: null,
    dutyGaps: [],
    patrols: [],
    reports: [],
    firmName: '安化物业',
    createdAt: '2026-11-19T01:00:00Z',
    version: 1,
    ...patch,
  };
}

const connection = <T,>(nodes: T[]) => ({ edges: nodes.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null }, totalCount: nodes.length });
const communities = {
  myCommunities: connection([
    { id: 'c1', name: '安化小区', buildings: [{ id: 'b1', name: '1号楼', units: [{ id: 'u1', number: '1201' }, { id: 'u2', number: '1202' }] }] },
  ]),
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
  vi.unstubAllGlobals();
});

describe('routes', () => {
  it('parses and builds the renovation paths; who may open them', () => {
    expect(parseRoute('/renovations')).toEqual({ name: 'renovations' });
    expect(parseRoute('/renovations/new')).toEqual({ name: 'renovationNew' });
    expect(parseRoute('/renovations/rv%201')).toEqual({ name: 'renovation', id: 'rv 1' });
    expect(routePath({ name: 'renovation', id: 'rv1' })).toBe('/renovations/rv1');
    expect(routePath({ name: 'renovationNew' })).toBe('/renovations/new');
    const zh = translator('zh-CN');
    expect(tabsFor('PROPERTY').map((t) => zh(t.label))).toContain('装修');
    expect(tabsFor('HOUSING').map((t) => zh(t.label))).toEqual(['首页', '转办', '联合执法', '装修']);
    expect(allowedRoute('OFFICER', { name: 'renovations' })).toEqual({ name: 'renovations' });
    expect(allowedRoute('OFFICER', { name: 'renovationNew' })).toEqual({ name: 'home' });
    expect(allowedRoute('RESIDENT', { name: 'renovation', id: 'rv1' })).toEqual({ name: 'home' });
    expect(allowedRoute('PROPERTY', { name: 'renovationNew' })).toEqual({ name: 'renovationNew' });
  });
});

describe('the list', () => {
  it('the firm: high-risk and gap badges, next patrol, status chips filter; a link to register', async () => {
    mountAt('/renovations', firm, {
      Renovations: () => ({
        renovations: connection([renovation({ status: 'STARTED', nextPatrolDue: '2026-11-28', dutyGaps: ['2026-11-24', '2026-11-26'] })]),
      }),
    });
    await waitFor(() => expect(document.querySelector('[data-renovation-id="rv1"]')).toBeTruthy(), SLOW);
    expect(heading()).toBe('装修登记');
    const row = document.querySelector('[data-renovation-id="rv1"]')!;
    expect(row.querySelector('a')!.getAttribute('href')).toBe('/renovations/rv1');
    expect(row.textContent).toContain('安化小区 1号楼 1201');
    expect(row.querySelector('[data-renovation-status="STARTED"]')!.textContent).toBe('施工中');
    expect(row.querySelector('[data-flag="high-risk"]')!.textContent).toBe('高风险');
    expect(row.querySelector('[data-flag="duty-gaps"]')!.textContent).toBe('巡查缺失 2 次');
    expect(row.querySelector('[data-field="next-patrol"]')!.textContent).toMatch(/^下次巡查：/);
    expect(screen.getByRole('link', { name: '新增装修登记' }).getAttribute('href')).toBe('/renovations/new');
    expect(named('Renovations')[0]!.vars.filter).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '有巡查缺失' }));
    fireEvent.click(screen.getByRole('button', { name: '施工中' }));
    await waitFor(() => expect(named('Renovations').at(-1)!.vars.filter).toEqual({ status: 'STARTED', withGaps: true }));
  });

  it('an officer: read only (no register link), the firm named', async () => {
    mountAt('/renovations', officer, { Renovations: () => ({ renovations: connection([renovation()]) }) });
    await waitFor(() => expect(document.querySelector('[data-renovation-id="rv1"]')).toBeTruthy(), SLOW);
    expect(screen.queryByRole('link', { name: '新增装修登记' })).toBeNull();
    expect(document.querySelector('[data-renovation-id="rv1"]')!.textContent).toContain('安化物业');
  });
});

describe('the registration form', () => {
  it('checks on the phone (end before start on the end date), explains high risk, sends the input with one key and opens the registration', async () => {
    mountAt('/renovations/new', firm, {
      MyCommunities: () => communities,
      RegisterRenovation: (v) =>
        v.input.ownerName === '拒绝'
          ? { registerRenovation: { renovation: null, userErrors: [{ field: ['input', 'plannedEnd'], code: 'END_BEFORE_START', message: '完工日期早于开工日期' }] } }
          : { registerRenovation: { renovation: renovation({ id: 'rv-new' }), userErrors: [] } },
      Renovation: () => ({ renovation: renovation({ id: 'rv-new' }) }),
    });
    await waitFor(() => expect(heading()).toBe('新增装修登记'), SLOW);
    await waitFor(() => expect((screen.getByLabelText('小区') as HTMLSelectElement).value).toBe('c1'));
    fireEvent.change(screen.getByLabelText('楼栋和房号'), { target: { value: 'u1' } });
    fireEvent.input(screen.getByLabelText('业主姓名'), { target: { value: '拒绝' } });
    fireEvent.input(screen.getByLabelText('施工单位或负责人'), { target: { value: '好家装饰' } });
    fireEvent.input(screen.getByLabelText('计划开工日期'), { target: { value: '2026-12-10' } });
    fireEvent.input(screen.getByLabelText('计划完工日期'), { target: { value: '2026-12-01' } });
    fireEvent.input(screen.getByLabelText('装修内容'), { target: { value: '卫生间改造' } });
    expect(document.querySelector('[data-field="risk-result"]')!.textContent).toBe('一般装修。');
    fireEvent.click(screen.getByLabelText('改动防水层（卫生间、厨房、阳台）'));
    expect(document.querySelector('[data-field="risk-result"]')!.textContent).toBe('高风险装修：须加密巡查。');
    expect(screen.getByText(/勾选任意一项，即为高风险装修/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '提交登记' }));
    await waitFor(() => expect(screen.getByText('完工日期不能早于开工日期。')).toBeTruthy());
    expect(screen.getByLabelText('计划完工日期').getAttribute('aria-invalid')).toBe('true');
    expect(named('RegisterRenovation')).toHaveLength(0);

    // The server's refusal lands on the same field.
    fireEvent.input(screen.getByLabelText('计划完工日期'), { target: { value: '2026-12-31' } });
    fireEvent.click(screen.getByRole('button', { name: '提交登记' }));
    await waitFor(() => expect(screen.getByText('完工日期早于开工日期')).toBeTruthy());
    fireEvent.input(screen.getByLabelText('业主姓名'), { target: { value: '王某' } });
    fireEvent.click(screen.getByRole('button', { name: '提交登记' }));
    await waitFor(() => expect(location.pathname).toBe('/renovations/rv-new'), SLOW);
    const [first, second] = named('RegisterRenovation');
    expect(second!.vars.input).toMatchObject({ communityId: 'c1', unitId: 'u1', ownerName: '王某', plannedEnd: '2026-12-31', waterproofing: true, loadBearing: false });
    expect(second!.vars.input.idempotencyKey).toBe(first!.vars.input.idempotencyKey);
    expect(localStorage.getItem('gongzhi.draft.p1.renovation')).toBeNull();
  });
});

describe('the registration draft', () => {
  it('survives leaving the screen, with its idempotency key; the draft is a signed-out-cleared gongzhi.draft key', async () => {
    const first = mountAt('/renovations/new', firm, { MyCommunities: () => communities });
    await waitFor(() => expect(heading()).toBe('新增装修登记'), SLOW);
    fireEvent.input(screen.getByLabelText('业主姓名'), { target: { value: '王某' } });
    fireEvent.click(screen.getByLabelText('拆改承重墙、梁柱等主体结构'));
    const saved = JSON.parse(localStorage.getItem('gongzhi.draft.p1.renovation')!);
    expect(saved).toMatchObject({ ownerName: '王某', loadBearing: true });
    expect(saved.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    first.unmount();
    cleanup();
    mountAt('/renovations/new', firm, { MyCommunities: () => communities });
    await waitFor(() => expect((screen.getByLabelText('业主姓名') as HTMLInputElement).value).toBe('王某'), SLOW);
    expect((screen.getByLabelText('拆改承重墙、梁柱等主体结构') as HTMLInputElement).checked).toBe(true);
    expect(document.querySelector('[data-field="risk-result"]')!.textContent).toBe('高风险装修：须加密巡查。');
  });
});

describe('a registration', () => {
  it('the firm: start is disabled with the reason until the agreement is recorded (with its photo as multipart)', async () => {
    mountAt('/renovations/rv1', firm, {
      Renovation: () => ({ renovation: renovation() }),
      RecordRenovationAgreement: () => ({
        recordRenovationAgreement: { renovation: renovation({ status: 'AGREED', agreementSignedOn: '2026-11-27' }), userErrors: [] },
      }),
    });
    await waitFor(() => expect(heading()).toBe('安化小区 1号楼 1201'), SLOW);
    const start = screen.getByRole('button', { name: '开工' }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(document.querySelector('[data-field="start-blocked"]')!.textContent).toContain('须先记录业主签署的告知书和承诺书');
    expect(start.getAttribute('aria-describedby')).toBe('reno-start-blocked');
    expect(document.querySelector('[data-step="agreement"]')!.getAttribute('data-step-state')).toBe('current');
    expect(document.querySelector('[data-field="risk"]')!.textContent).toBe('改动防水层（卫生间、厨房、阳台）');

    // The signed page is the proof: without its photo the form says so and sends nothing.
    fireEvent.click(screen.getByRole('button', { name: '记录告知承诺' }));
    await waitFor(() => expect(screen.getByText('请拍摄业主签字的告知书或承诺书页面。')).toBeTruthy());
    expect(named('RecordRenovationAgreement')).toHaveLength(0);
    const file = new File(['jpeg-bytes'], 'page.jpg', { type: 'image/jpeg' });
    fireEvent.change(screen.getByLabelText('拍摄签字页'), { target: { files: [file] } });
    await waitFor(() => expect(screen.getByRole('img', { name: '待上传的照片' })).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: '记录告知承诺' }));
    await waitFor(() => expect((screen.getByRole('button', { name: '开工' }) as HTMLButtonElement).disabled).toBe(false));
    expect(named('RecordRenovationAgreement')[0]!.vars.input).toMatchObject({ renovationId: 'rv1', note: null, photo: null });
    expect((named('RecordRenovationAgreement')[0]!.files as { path: string }[]).map((f) => f.path)).toEqual(['variables.input.photo']);
    expect(named('RecordRenovationAgreement')[0]!.vars.input.signedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(document.querySelector('[data-step="agreement"]')!.getAttribute('data-step-state')).toBe('done');
  });

  it('the firm, works under way: next patrol and the gaps; a patrol with a violation goes through the outbox, then the report action shows', async () => {
    let current = renovation({ status: 'STARTED', agreementSignedOn: '2026-11-20', startedOn: '2026-11-21', nextPatrolDue: '2026-11-28', dutyGaps: ['2026-11-25'] });
    mountAt('/renovations/rv1', firm, {
      Renovation: () => ({ renovation: current }),
      LogRenovationPatrol: (v) => {
        current = { ...current, patrols: [{ id: 'pt1', patrolledAt: v.input.patrolledAt, findings: v.input.findings, violation: v.input.violation, photoUrl: null, thumbnailUrl: null, by: '陈师傅' }] };
        return { logRenovationPatrol: { renovation: { id: 'rv1' }, userErrors: [] } };
      },
      Matters: () => ({ matters: connection([{ code: 'A1', name: '损坏房屋承重结构', category: 'HOUSING_SAFETY' }]) }),
      ReportRenovationFinding: () => ({ reportRenovationFinding: { item: { id: 'i9', status: 'SUBMITTED' }, userErrors: [] } }),
    });
    await waitFor(() => expect(document.querySelector('[data-field="next-patrol"]')).toBeTruthy(), SLOW);
    expect(document.querySelector('[data-field="duty-gaps"]')!.textContent).toBe('巡查缺失 1 次：以下应巡查日没有巡查记录。');
    expect(document.querySelectorAll('[data-list="duty-gaps"] li')).toHaveLength(1);
    expect(document.querySelector('[data-section="report"]')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '记录巡查' }));
    await waitFor(() => expect(screen.getByText('请填写此项。')).toBeTruthy());
    expect(named('LogRenovationPatrol')).toHaveLength(0);
    fireEvent.input(screen.getByLabelText('巡查情况'), { target: { value: '正在凿除承重墙' } });
    fireEvent.click(screen.getByLabelText('发现违规'));
    fireEvent.click(screen.getByRole('button', { name: '记录巡查' }));
    await waitFor(() => expect(screen.getByText('巡查已记录。')).toBeTruthy(), SLOW);
    expect(named('LogRenovationPatrol')[0]!.vars.input).toMatchObject({ renovationId: 'rv1', findings: '正在凿除承重墙', violation: true });
    await waitFor(() => expect(document.querySelector('[data-patrol-id="pt1"]')).toBeTruthy(), SLOW);
    await waitFor(() => expect(document.querySelector('[data-section="report"]')).toBeTruthy());

    const form = document.querySelector('form[data-action="REPORT_FINDING"]') as HTMLFormElement;
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByText('还有 5 项需要填写。')).toBeTruthy());
    fireEvent.input(screen.getByLabelText('违规情况'), { target: { value: '凿除承重墙，劝阻无效' } });
    fireEvent.input(screen.getByLabelText('劝阻时间'), { target: { value: '2026-11-27T09:30' } });
    fireEvent.input(screen.getByLabelText('劝阻方式（如口头劝阻、书面告知）'), { target: { value: '口头劝阻' } });
    fireEvent.input(screen.getByLabelText('劝阻人'), { target: { value: '陈师傅' } });
    fireEvent.input(screen.getByLabelText('业主答复'), { target: { value: '拒绝停工' } });
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByText('已报告执法部门。')).toBeTruthy(), SLOW);
    const sent = named('ReportRenovationFinding')[0]!.vars.input;
    expect(sent).toMatchObject({ renovationId: 'rv1', description: '凿除承重墙，劝阻无效', dissuasion: { method: '口头劝阻', by: '陈师傅', ownerResponse: '拒绝停工' } });
    expect(sent.dissuasion.at).toBe(new Date('2026-11-27T09:30').toISOString());
    expect(sent.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the firm: the completion check needs its result, then closes the registration', async () => {
    const started = renovation({ status: 'STARTED', agreementSignedOn: '2026-11-20', startedOn: '2026-11-21', nextPatrolDue: '2026-11-28' });
    mountAt('/renovations/rv1', firm, {
      Renovation: () => ({ renovation: started }),
      CompleteRenovation: (v) => ({
        completeRenovation: { renovation: { ...started, status: 'COMPLETED', completedOn: v.input.completedOn, completionNote: v.input.note, nextPatrolDue: null }, userErrors: [] },
      }),
    });
    await waitFor(() => expect(document.querySelector('form[data-action="COMPLETE"]')).toBeTruthy(), SLOW);
    fireEvent.click(screen.getByRole('button', { name: '记录竣工检查' }));
    await waitFor(() => expect(screen.getByLabelText('检查结果').getAttribute('aria-invalid')).toBe('true'));
    expect(named('CompleteRenovation')).toHaveLength(0);
    fireEvent.input(screen.getByLabelText('检查结果'), { target: { value: '防水闭水试验合格，未改动主体结构。' } });
    fireEvent.click(screen.getByRole('button', { name: '记录竣工检查' }));
    await waitFor(() => expect(document.querySelector('.screen[data-renovation-id]')!.getAttribute('data-status')).toBe('COMPLETED'), SLOW);
    expect(named('CompleteRenovation')[0]!.vars.input).toMatchObject({ renovationId: 'rv1', note: '防水闭水试验合格，未改动主体结构。' });
    expect(document.querySelector('form[data-action="PATROL"]')).toBeNull();
    expect(document.querySelector('[data-field="completion"]')!.textContent).toBe('防水闭水试验合格，未改动主体结构。');
    expect([...document.querySelectorAll('[data-step]')].map((li) => li.getAttribute('data-step-state'))).toEqual(['done', 'done', 'done', 'done']);
  });

  it('an officer: the same page without the firm’s buttons; linked reports open the item', async () => {
    mountAt('/renovations/rv1', officer, {
      Renovation: () => ({
        renovation: renovation({
          status: 'STARTED',
          agreementSignedOn: '2026-11-20',
          patrols: [{ id: 'pt1', patrolledAt: '2026-11-26T02:00:00Z', findings: '凿墙', violation: true, photoUrl: null, thumbnailUrl: null, by: '陈师傅' }],
          reports: [{ id: 'i9', status: 'SUBMITTED', createdAt: '2026-11-26T03:00:00Z', late: false, matterCode: 'A1' }],
        }),
      }),
    });
    await waitFor(() => expect(document.querySelector('[data-list="reports"]')).toBeTruthy(), SLOW);
    expect(document.querySelector('form')).toBeNull();
    expect(screen.queryByRole('button', { name: '记录巡查' })).toBeNull();
    expect(screen.getByRole('link', { name: '物业报告（A1）' }).getAttribute('href')).toBe('/items/i9');
    expect(document.querySelector('[data-field="owner"]')!.textContent).toBe('王某 · 13900000009');
  });
});

describe('in English', () => {
  const noKeys = () => expect(document.body.textContent).not.toMatch(/\b(reno|renovationStatus|notices|file|photos)\.[A-Za-z]/);

  it('the firm’s page and the registration form show no untranslated key', async () => {
    localStorage.setItem('gongzhi.lang', 'en');
    mountAt('/renovations/rv1', firm, {
      Renovation: () => ({
        renovation: renovation({
          status: 'STARTED',
          agreementSignedOn: '2026-11-20',
          agreementPhotoUrl: '/photos/x',
          startedOn: '2026-11-21',
          nextPatrolDue: '2026-11-28',
          dutyGaps: ['2026-11-25'],
          patrols: [{ id: 'pt1', patrolledAt: '2026-11-26T02:00:00Z', findings: 'wall', violation: true, photoUrl: null, thumbnailUrl: null, by: 'Chen' }],
          reports: [{ id: 'i9', status: 'SUBMITTED', createdAt: '2026-11-26T03:00:00Z', late: true, matterCode: null }],
        }),
      }),
      Matters: () => ({ matters: connection([]) }),
    });
    await waitFor(() => expect(document.querySelector('[data-section="report"]')).toBeTruthy(), SLOW);
    expect(screen.getByRole('heading', { name: 'Dissuasion failed: report to the bureau' })).toBeTruthy();
    expect(document.querySelector('[data-flag="duty-gaps"]')!.textContent).toBe('1 missed patrol(s)');
    noKeys();
    cleanup();

    mountAt('/renovations/new', firm, { MyCommunities: () => communities });
    await waitFor(() => expect(heading()).toBe('Register a renovation'), SLOW);
    noKeys();
  });
});

describe('linked report and the notice card', () => {
  it('an item from a registration links to it', async () => {
    mountAt('/items/i9', officer, {
      Item: () => ({ item: item({ id: 'i9', kind: 'PROPERTY_REPORT', source: 'PROPERTY_REPORT', renovationId: 'rv1', availableActions: [] }) }),
      ItemCaseInfo: () => ({ item: { id: 'i9', status: 'SUBMITTED', matter: null, community: { id: 'c1', name: '安化小区' }, unitLabel: null, description: '', caseId: null, needsCase: null, repeatCount: 0, historicalStock: false, exemption: null } }),
    });
    await waitFor(() => expect(document.querySelector('[data-field="renovation"] a')).toBeTruthy(), SLOW);
    expect(document.querySelector('[data-field="renovation"] a')!.getAttribute('href')).toBe('/renovations/rv1');
  });

  it('a resident’s home lists the building’s renovations; hidden when there are none', async () => {
    const notice: RenovationNotice = {
      id: 'n1',
      unitLabel: '1号楼 1201',
      plannedStart: '2026-12-01',
      plannedEnd: '2026-12-31',
      workingHours: '8:00–12:00, 14:00–18:00',
      contractorName: '好家装饰',
      status: 'STARTED',
    };
    const { unmount } = mountAt('/', resident, { RenovationNotices: () => ({ renovationNotices: [notice] }), MyHome: () => ({ me: { id: 'r1', home: null } }) });
    await waitFor(() => expect(document.querySelector('[data-notice-id="n1"]')).toBeTruthy(), SLOW);
    const card = document.querySelector('[data-section="renovation-notices"]')!;
    expect(card.querySelector('h2')!.textContent).toBe('本楼装修公示');
    expect(card.textContent).toContain('1号楼 1201');
    expect(card.textContent).toContain('施工时间：8:00–12:00, 14:00–18:00');
    expect(card.textContent).toContain('施工单位：好家装饰');
    unmount();
    cleanup();

    mountAt('/', resident, { RenovationNotices: () => ({ renovationNotices: [] }) });
    await waitFor(() => expect(named('RenovationNotices')).toHaveLength(1), SLOW);
    await new Promise((r) => setTimeout(r, 20));
    expect(document.querySelector('[data-section="renovation-notices"]')).toBeNull();
  });
});
