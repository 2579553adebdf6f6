import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { parseRoute, routePath, type Route } from '../../router';
import { allowedRoute, tabsFor } from '../../shell';
import { translator } from '../../i18n';
import { calls, item, mountAt, officer, supervisor } from '../cases/fixtures.test-utils';
import { eventLabel as itemEventLabel } from '../item';
import { housing, jointAction, referral, referralSummary } from './fixtures.test-utils';

const SLOW = { timeout: 5000 };
const heading = () => screen.getByRole('heading', { level: 1 }).textContent;
const named = (name: string) => calls.filter((c) => c.name === name);
const ok = <K extends string, V>(key: K, value: V) => ({ [key]: { ...value, userErrors: [] } }) as Record<K, V & { userErrors: [] }>;

const DEPARTMENTS = {
  departments: [
    { id: 'd1', name: '长宁区房屋管理局', kind: 'HOUSING', address: '愚园路1320号', inApp: true },
    { id: 'd2', name: '长宁区市场监督管理局', kind: 'OTHER', address: '长宁区某路1号', inApp: false },
  ],
};
const communities = {
  myCommunities: {
    edges: [
      { node: { id: 'c1', name: '华阳小区', affordableHousing: false } },
      { node: { id: 'c2', name: '安化小区', affordableHousing: true } },
    ],
    pageInfo: { hasNextPage: false, endCursor: null },
    totalCount: 2,
  },
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('routes and who may open them', () => {
  it('parses and builds the paths', () => {
    const routes: [string, Route][] = [
      ['/referrals', { name: 'referrals' }],
      ['/referrals/new', { name: 'referralNew' }],
      ['/referrals/rf%201', { name: 'referral', id: 'rf 1' }],
      ['/referrals/rf1/letter', { name: 'referralLetter', id: 'rf1' }],
      ['/joint-actions', { name: 'jointActions' }],
      ['/joint-actions/new', { name: 'jointActionNew' }],
      ['/joint-actions/ja1', { name: 'jointAction', id: 'ja1' }],
      ['/affordable-housing', { name: 'affordableHousing' }],
    ];
    for (const [path, route] of routes) {
      expect(parseRoute(path)).toEqual(route);
      expect(parseRoute(routePath(route))).toEqual(route);
    }
  });

  it('the partner has referrals and joint actions as tabs; the bureau opens them from home; others never', () => {
    const zh = translator('zh-CN');
    expect(tabsFor('HOUSING').map((t) => zh(t.label))).toEqual(['首页', '转办', '联合执法', '装修']);
    expect(tabsFor('OFFICER').some((t) => t.route === 'referrals')).toBe(false);
    const allowed = (role: Parameters<typeof allowedRoute>[0], route: Route) => allowedRoute(role, route).name === route.name;
    expect(allowed('HOUSING', { name: 'referralNew' })).toBe(true);
    expect(allowed('OFFICER', { name: 'referralNew' })).toBe(false);
    expect(allowed('HOUSING', { name: 'referralLetter', id: 'x' })).toBe(false);
    expect(allowed('OFFICER', { name: 'referralLetter', id: 'x' })).toBe(true);
    expect(allowed('HOUSING', { name: 'jointActionNew' })).toBe(false);
    expect(allowed('SUPERVISOR', { name: 'jointActionNew' })).toBe(true);
    expect(allowed('HOUSING', { name: 'jointAction', id: 'x' })).toBe(true);
    expect(allowed('HOUSING', { name: 'affordableHousing' })).toBe(true);
    for (const role of ['RESIDENT', 'COMMITTEE', 'PROPERTY'] as const) {
      for (const name of ['referrals', 'jointActions', 'affordableHousing'] as const) expect(allowed(role, { name })).toBe(false);
    }
  });

  it('the partner’s home links to its work, the renovation pilot and the league table', async () => {
    mountAt('/', housing, {});
    await waitFor(() => expect(document.querySelector('a[data-link="referrals"]')).toBeTruthy(), SLOW);
    const links = [...document.querySelectorAll<HTMLAnchorElement>('#partner-heading + ul a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/referrals', '/referrals/new', '/joint-actions', '/affordable-housing', '/renovations', '/renovations/league']);
  });
});

describe('the referral list', () => {
  it('the partner starts on its inbox; overdue in words; switches to what it sent and by state; pages after the last one', async () => {
    mountAt('/referrals', housing, {
      Referrals: (v) => ({
        referrals: {
          nodes: [
            referralSummary({ overdue: true }),
            referralSummary({ id: 'rf2', reference: '长城管转〔2026〕0002', state: 'RECEIVED' }),
            ...(v.first > 30 ? [referralSummary({ id: 'rf3', reference: '长城管转〔2026〕0003' })] : []),
          ],
          totalCount: 3,
          hasMore: v.first <= 30,
        },
      }),
    });
    await waitFor(() => expect(document.querySelector('[data-referral-id="rf1"]')).toBeTruthy(), SLOW);
    expect(heading()).toBe('转办与移送');
    expect(named('Referrals')[0]!.vars).toEqual({ direction: 'OUTGOING', state: null, first: 30, after: null });
    const row = document.querySelector('[data-referral-id="rf1"]')!;
    expect(row.querySelector('a')!.getAttribute('href')).toBe('/referrals/rf1');
    expect(row.querySelector('[data-state="SENT"]')!.textContent).toBe('待签收');
    expect(row.querySelector('[data-flag="overdue"]')!.textContent).toBe('已逾期');
    expect(row.querySelector('[data-field="answer-clock"]')!.textContent).toMatch(/^应于 .+ 前答复，已逾期/);
    expect(row.textContent).toContain('华阳小区 1号楼 302');
    expect(screen.getByRole('link', { name: '移送城管' }).getAttribute('href')).toBe('/referrals/new');
    // No "all directions" for the partner.
    expect(screen.queryByRole('button', { name: '全部' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    await waitFor(() => expect(document.querySelector('[data-referral-id="rf3"]')).toBeTruthy());
    expect(named('Referrals').at(-1)!.vars).toMatchObject({ first: 32, after: null });
    expect(document.querySelectorAll('[data-list="referrals"] > li')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '我方移送' }));
    fireEvent.click(screen.getByRole('button', { name: '已退回' }));
    await waitFor(() => expect(named('Referrals').at(-1)!.vars).toEqual({ direction: 'INCOMING', state: 'RETURNED', first: 30, after: null }));
  });

  it('officers see both directions, named from the bureau’s side, and which go out on paper', async () => {
    const paper = referralSummary({ department: { id: 'd2', name: '长宁区市场监督管理局', kind: 'OTHER', address: null, inApp: false } });
    mountAt('/referrals', officer, {
      Referrals: () => ({ referrals: { nodes: [paper, referralSummary({ id: 'rf9', direction: 'INCOMING', reference: '长城管收〔2026〕0001' })], totalCount: 2, hasMore: false } }),
    });
    await waitFor(() => expect(document.querySelector('[data-referral-id="rf9"]')).toBeTruthy(), SLOW);
    expect(named('Referrals')[0]!.vars.direction).toBeNull();
    expect(document.querySelector('[data-referral-id="rf1"]')!.textContent).toContain('我局转办');
    expect(document.querySelector('[data-referral-id="rf1"]')!.textContent).toContain('书面转办');
    expect(document.querySelector('[data-referral-id="rf9"]')!.textContent).toContain('部门移送');
    expect(screen.queryByRole('link', { name: '移送城管' })).toBeNull();
  });
});

describe('a referral', () => {
  it('the partner receives it, then answers: the answer needs text, and a refusal is said at the field', async () => {
    let current = referral({ canReceive: true });
    mountAt('/referrals/rf1', housing, {
      Referral: () => ({ referral: current }),
      ReceiveReferral: () => {
        current = referral({ state: 'RECEIVED', canAnswer: true, canReturn: true });
        return ok('receiveReferral', { referral: current });
      },
      AnswerReferral: (v) =>
        v.answer === '太短'
          ? { answerReferral: { referral: null, userErrors: [{ field: ['answer'], code: 'TOO_SHORT', message: '答复内容过短' }] } }
          : ok('answerReferral', { referral: referral({ state: 'ANSWERED', answer: v.answer, answeredAt: '2026-11-25T02:00:00Z' }) }),
    });
    await waitFor(() => expect(heading()).toBe('长城管转〔2026〕0001'), SLOW);
    const main = screen.getByRole('main');
    // The item without anyone's identity; its clocks and sends.
    expect(main.querySelector('[data-field="description"]')!.textContent).toBe('302室按床位出租，住了十几个人');
    expect(main.querySelector('[data-field="transfer-clock"]')!.textContent).toMatch(/^在转办时限/);
    expect(main.querySelector('[data-field="sends"]')!.textContent).toBe('1 次');
    expect(main.querySelector('[data-field="direction"]')!.textContent).toBe('转办收件箱');
    expect(main.querySelector('[data-link="letter"]')).toBeNull();
    expect(screen.queryByRole('button', { name: '提交答复' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '签收' }));
    await waitFor(() => expect(screen.getByRole('button', { name: '提交答复' })).toBeTruthy());
    expect(named('ReceiveReferral')[0]!.vars).toEqual({ id: 'rf1' });
    expect(document.querySelector('[data-state="RECEIVED"]')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '提交答复' }));
    await waitFor(() => expect(document.getElementById('answer-answer-error')!.textContent).toBe('请填写此项。'));
    expect(named('AnswerReferral')).toHaveLength(0);
    expect(screen.getByLabelText('答复内容').getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(screen.getByLabelText('答复内容'), { target: { value: '太短' } });
    fireEvent.click(screen.getByRole('button', { name: '提交答复' }));
    await waitFor(() => expect(document.getElementById('answer-answer-error')!.textContent).toBe('答复内容过短'));

    fireEvent.input(screen.getByLabelText('答复内容'), { target: { value: '已联合街道核查，责令房东整改。' } });
    fireEvent.click(screen.getByRole('button', { name: '提交答复' }));
    await waitFor(() => expect(document.querySelector('[data-field="answer"]')!.textContent).toBe('已联合街道核查，责令房东整改。'));
    expect(named('AnswerReferral').at(-1)!.vars).toEqual({ id: 'rf1', answer: '已联合街道核查，责令房东整改。' });
    expect(screen.getAllByRole('status').some((s) => s.textContent === '已保存')).toBe(true);
    expect(screen.queryByRole('button', { name: '提交答复' })).toBeNull();
  });

  it('a return needs its reason; the returned referral shows the reason, when, and the clock', async () => {
    mountAt('/referrals/rf1', housing, {
      Referral: () => ({ referral: referral({ state: 'RECEIVED', canAnswer: true, canReturn: true }) }),
      ReturnReferral: (v) =>
        ok('returnReferral', {
          referral: referral({ state: 'RETURNED', returnReason: v.reason, returnedAt: '2026-11-25T03:00:00Z', events: [...referral().events, { at: '2026-11-25T03:00:00Z', action: 'RETURN', actorName: '区房管局 吴科员', fromState: 'RECEIVED', toState: 'RETURNED', note: v.reason, onBehalf: false }] }),
        }),
    });
    await waitFor(() => expect(screen.getByRole('button', { name: '退回' })).toBeTruthy(), SLOW);
    fireEvent.click(screen.getByRole('button', { name: '退回' }));
    await waitFor(() => expect(document.getElementById('return-reason-error')).toBeTruthy());
    expect(named('ReturnReferral')).toHaveLength(0);
    fireEvent.input(screen.getByLabelText('退回理由'), { target: { value: '非群租，系家庭自住。' } });
    fireEvent.click(screen.getByRole('button', { name: '退回' }));
    await waitFor(() => expect(document.querySelector('[data-field="return-reason"]')!.textContent).toBe('非群租，系家庭自住。'));
    expect(document.querySelector('[data-field="answer-clock"]')!.textContent).toMatch(/^已于 .+ 退回$/);
    expect(document.querySelector('[data-section="outcome"]')!.textContent).toContain('退回于');
    const events = document.querySelectorAll('[data-list="referral-events"] li');
    expect(events[1]!.textContent).toContain('退回');
    expect(events[1]!.textContent).toContain('已签收 → 已退回');
  });

  it('an officer on a paper department: the letter link, on-behalf forms, re-send with another department', async () => {
    const paperDept = { id: 'd2', name: '长宁区市场监督管理局', kind: 'OTHER' as const, address: '长宁区某路1号', inApp: false };
    mountAt('/referrals/rf1', officer, {
      Referral: () => ({ referral: referral({ department: paperDept, state: 'SENT', canAnswer: true, canReturn: true }) }),
    });
    await waitFor(() => expect(screen.getByRole('link', { name: '打印转办函' }).getAttribute('href')).toBe('/referrals/rf1/letter'), SLOW);
    expect(screen.getByRole('heading', { name: '登记部门的书面答复' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '登记部门的退回' })).toBeTruthy();
    expect(screen.getByText(/收到其书面答复或退回函后/)).toBeTruthy();
    cleanup();

    mountAt('/referrals/rf1', officer, {
      Referral: () => ({ referral: referral({ state: 'RETURNED', returnReason: '材料不全', canResend: true }) }),
      Departments: () => DEPARTMENTS,
      ResendReferral: () => ok('resendReferral', { referral: referral({ state: 'SENT', sends: 2, department: paperDept }) }),
    });
    await waitFor(() => expect(screen.getByRole('button', { name: '重新发出' })).toBeTruthy(), SLOW);
    await waitFor(() => expect((screen.getByLabelText(/^改转其他部门/) as HTMLSelectElement).options.length).toBe(2));
    fireEvent.input(screen.getByLabelText('补充说明'), { target: { value: '补充现场照片' } });
    fireEvent.change(screen.getByLabelText(/^改转其他部门/), { target: { value: 'd2' } });
    fireEvent.click(screen.getByRole('button', { name: '重新发出' }));
    await waitFor(() => expect(named('ResendReferral')).toHaveLength(1));
    expect(named('ResendReferral')[0]!.vars).toEqual({ input: { id: 'rf1', note: '补充现场照片', departmentId: 'd2' } });
    await waitFor(() => expect(document.querySelector('[data-field="sends"]')!.textContent).toBe('2 次'));
  });

  it('the printed letter: reference, department and address, the answer limit, a print button', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    mountAt('/referrals/rf1/letter', supervisor, {
      Referral: () => ({ referral: referral({ department: { id: 'd2', name: '长宁区市场监督管理局', kind: 'OTHER', address: '长宁区某路1号', inApp: false } }) }),
    });
    await waitFor(() => expect(document.querySelector('[data-document="referral-letter"]')).toBeTruthy(), SLOW);
    expect(heading()).toBe('转办函');
    const doc = document.querySelector('[data-document="referral-letter"]')!;
    expect(doc.getAttribute('lang')).toBe('zh-CN');
    expect(doc.textContent).toContain('长宁区城市管理行政执法局');
    expect(doc.querySelector('[data-field="reference"]')!.textContent).toBe('长城管转〔2026〕0001');
    expect(doc.querySelector('[data-field="addressee"]')!.textContent).toBe('长宁区市场监督管理局：');
    expect(doc.querySelector('[data-field="address"]')!.textContent).toBe('送达地址：长宁区某路1号');
    expect(doc.textContent).toContain('请于2026年12月1日前函复。');
    expect(doc.textContent).toContain('华阳小区 1号楼 302');
    expect(doc.textContent).toContain('转办理由：群租整治属房管部门职责。');
    fireEvent.click(screen.getByRole('button', { name: '打印' }));
    expect(print).toHaveBeenCalledTimes(1);
    // The tools are the part print hides.
    expect(screen.getByRole('button', { name: '打印' }).closest('.doc-tools')).toBeTruthy();
  });
});

describe('转办 on the item page', () => {
  it('lists the item’s referrals with their clock and answer; refers it (department, reason) with one key', async () => {
    let referrals = [referralSummary({ state: 'ANSWERED', answer: '已处理', answeredAt: '2026-11-25T02:00:00Z' })];
    mountAt('/items/i1', officer, {
      Item: () => ({ item: item({ status: 'VERIFYING', matter: { code: 'B2', name: '按床位出租' } }) }),
      ItemCaseInfo: () => ({ item: { id: 'i1', needsCase: null, repeatCount: 0, historicalStock: false, exemption: null, caseId: null } }),
      ItemReferrals: () => ({ itemReferrals: referrals }),
      Departments: () => DEPARTMENTS,
      ReferItem: (v) => {
        if (!v.input.reason.includes('群租')) return { referItem: { referral: null, userErrors: [{ field: ['input', 'reason'], code: 'X', message: '请写明理由' }] } };
        referrals = [...referrals, referralSummary({ id: 'rf2', reference: '长城管转〔2026〕0002', department: DEPARTMENTS.departments[1] as never })];
        return ok('referItem', { referral: referral({ id: 'rf2', reference: '长城管转〔2026〕0002' }) });
      },
    });
    await waitFor(() => expect(document.querySelector('[data-section="item-referrals"]')).toBeTruthy(), SLOW);
    const panel = document.querySelector<HTMLElement>('[data-section="item-referrals"]')!;
    await waitFor(() => expect(panel.querySelector('[data-referral-id="rf1"]')).toBeTruthy());
    expect(panel.querySelector('[data-referral-id="rf1"] [data-field="answer"]')!.textContent).toBe('答复：已处理');
    expect(panel.querySelector('[data-referral-id="rf1"] [data-field="answer-clock"]')!.textContent).toMatch(/^已于 .+ 答复$/);

    const form = within(panel);
    await waitFor(() => expect((form.getByLabelText('部门') as HTMLSelectElement).options.length).toBe(3));
    expect((form.getByLabelText('部门') as HTMLSelectElement).options[2]!.textContent).toBe('长宁区市场监督管理局（打印转办函）');
    fireEvent.click(form.getByRole('button', { name: '转办' }));
    await waitFor(() => expect(document.getElementById('rf-departmentId-error')).toBeTruthy());
    expect(document.getElementById('rf-reason-error')!.textContent).toBe('请填写此项。');
    expect(named('ReferItem')).toHaveLength(0);

    fireEvent.change(form.getByLabelText('部门'), { target: { value: 'd2' } });
    expect(panel.querySelector('[data-field="department-mode"]')!.textContent).toMatch(/打印转办函/);
    fireEvent.input(form.getByLabelText('转办理由'), { target: { value: '不对' } });
    fireEvent.click(form.getByRole('button', { name: '转办' }));
    await waitFor(() => expect(document.getElementById('rf-reason-error')!.textContent).toBe('请写明理由'));
    fireEvent.input(form.getByLabelText('转办理由'), { target: { value: '群租整治属房管部门职责' } });
    fireEvent.click(form.getByRole('button', { name: '转办' }));
    await waitFor(() => expect(panel.querySelector('[data-referral-id="rf2"]')).toBeTruthy());
    const [first, second] = named('ReferItem');
    expect(second!.vars.input).toEqual({ itemId: 'i1', departmentId: 'd2', reason: '群租整治属房管部门职责', idempotencyKey: first!.vars.input.idempotencyKey });
    expect(panel.querySelector('[data-referral-id="rf2"] [data-link="letter"]')!.getAttribute('href')).toBe('/referrals/rf2/letter');
    expect(panel.textContent).toContain('已转办：长城管转〔2026〕0002');
  });

  it('the referral’s steps on the item’s timeline have names', () => {
    const zh = translator('zh-CN');
    const e = (action: string) => ({ at: '', action, fromStatus: null, toStatus: null, note: null, actorRole: null });
    expect(itemEventLabel(zh, e('REFER') as never)).toBe('转办有关部门');
    expect(itemEventLabel(zh, e('REFERRAL_ANSWERED') as never)).toBe('部门答复');
    expect(itemEventLabel(zh, e('REFERRAL_RETURNED') as never)).toBe('部门退回');
    expect(itemEventLabel(translator('en'), e('REFERRAL_IN') as never)).toBe('Referred by a department');
  });

  it('a closed item with no referral shows no panel; residents never load it', async () => {
    mountAt('/items/i1', officer, {
      Item: () => ({ item: item({ status: 'REPLIED', availableActions: [] }) }),
      ItemCaseInfo: () => ({ item: { id: 'i1', needsCase: null, repeatCount: 0, historicalStock: false, exemption: null, caseId: null } }),
      ItemReferrals: () => ({ itemReferrals: [] }),
    });
    await waitFor(() => expect(named('ItemReferrals')).toHaveLength(1), SLOW);
    expect(document.querySelector('[data-section="item-referrals"]')).toBeNull();
    cleanup();
    mountAt('/items/i1', { ...officer, id: 'r1', role: 'RESIDENT' }, { Item: () => ({ item: item({ mine: true, availableActions: [] }) }) });
    await waitFor(() => expect(heading()).not.toBe('事项详情'), SLOW);
    expect(named('ItemReferrals')).toHaveLength(0);
  });
});

describe('移送城管', () => {
  it('checks on the phone, reads the chosen community’s units, sends the input with the draft’s key and opens the referral', async () => {
    mountAt('/referrals/new', housing, {
      PartnerCommunities: () => communities,
      Matters: () => ({ matters: { edges: [{ node: { code: 'B2', name: '按床位出租', category: 'ILLEGAL_RENTAL' } }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 } }),
      CommunityUnits: (v) => ({ community: { id: v.id, name: '华阳小区', buildings: [{ id: 'b12', name: '12号', units: [{ id: 'u302', number: '302室' }] }] } }),
      ReferToBureau: () => ok('referToBureau', { referral: referral({ id: 'rf-in', direction: 'INCOMING', reference: '长城管收〔2026〕0001' }) }),
      Referral: () => ({ referral: referral({ id: 'rf-in', direction: 'INCOMING', reference: '长城管收〔2026〕0001' }) }),
    });
    await waitFor(() => expect(heading()).toBe('移送城管'), SLOW);
    fireEvent.click(screen.getByRole('button', { name: '移送' }));
    await waitFor(() => expect(document.getElementById('rb-communityId-error')).toBeTruthy());
    expect(document.getElementById('rb-description-error')!.textContent).toBe('请填写此项。');
    expect(document.getElementById('rb-reason-error')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('还有 3 项需要填写。');
    expect(named('ReferToBureau')).toHaveLength(0);

    await waitFor(() => expect((screen.getByLabelText('小区') as HTMLSelectElement).options.length).toBe(3));
    fireEvent.input(screen.getByLabelText('搜索小区'), { target: { value: '安化' } });
    expect((screen.getByLabelText('小区') as HTMLSelectElement).options.length).toBe(2);
    fireEvent.input(screen.getByLabelText('搜索小区'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('小区'), { target: { value: 'c1' } });
    await waitFor(() => expect((screen.getByLabelText(/^楼栋和房号/) as HTMLSelectElement).options.length).toBe(2));
    expect(named('CommunityUnits')[0]!.vars).toEqual({ id: 'c1' });
    fireEvent.change(screen.getByLabelText(/^楼栋和房号/), { target: { value: 'u302' } });
    fireEvent.change(screen.getByLabelText(/^执法事项/), { target: { value: 'B2' } });
    fireEvent.input(screen.getByLabelText('情况描述'), { target: { value: '12号302室分隔成6间出租' } });
    fireEvent.input(screen.getByLabelText('移送理由'), { target: { value: '擅自分隔出租属城管执法事项' } });
    fireEvent.input(screen.getByLabelText(/^部门文号/), { target: { value: '长房管移〔2026〕12号' } });
    const key = JSON.parse(localStorage.getItem('gongzhi.draft.h1.referToBureau')!).idempotencyKey;
    expect(key).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '移送' }));
    await waitFor(() => expect(location.pathname).toBe('/referrals/rf-in'));
    expect(named('ReferToBureau')[0]!.vars.input).toEqual({
      idempotencyKey: key,
      communityId: 'c1',
      unitId: 'u302',
      matterCode: 'B2',
      description: '12号302室分隔成6间出租',
      reason: '擅自分隔出租属城管执法事项',
      externalReference: '长房管移〔2026〕12号',
      seenAt: null,
    });
    expect(localStorage.getItem('gongzhi.draft.h1.referToBureau')).toBeNull();
    await waitFor(() => expect(heading()).toBe('长城管收〔2026〕0001'));
  });
});

describe('联合执法', () => {
  it('creating one: at least one department, then the input with one key; opens the action', async () => {
    mountAt('/joint-actions/new', officer, {
      PartnerCommunities: () => communities,
      Departments: () => DEPARTMENTS,
      CreateJointAction: () => ok('createJointAction', { action: jointAction({ id: 'ja-new' }) }),
      JointAction: () => ({ jointAction: jointAction({ id: 'ja-new' }) }),
    });
    await waitFor(() => expect(heading()).toBe('新建联合执法'), SLOW);
    await waitFor(() => expect(screen.getByLabelText('长宁区房屋管理局')).toBeTruthy());
    fireEvent.input(screen.getByLabelText('行动名称'), { target: { value: '华阳小区群租联合整治' } });
    fireEvent.click(screen.getByLabelText('群租'));
    await waitFor(() => expect((screen.getByLabelText('小区') as HTMLSelectElement).options.length).toBe(3));
    fireEvent.change(screen.getByLabelText('小区'), { target: { value: 'c1' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(document.getElementById('ja-departmentIds-error')!.textContent).toBe('请至少选择一个参加部门。'));
    expect(named('CreateJointAction')).toHaveLength(0);
    fireEvent.click(screen.getByLabelText('长宁区房屋管理局'));
    fireEvent.click(screen.getByLabelText('长宁区市场监督管理局'));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(location.pathname).toBe('/joint-actions/ja-new'));
    const input = named('CreateJointAction')[0]!.vars.input;
    expect(input).toEqual({
      idempotencyKey: expect.any(String),
      title: '华阳小区群租联合整治',
      focus: 'GROUP_RENTING',
      communityId: 'c1',
      actionOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      departmentIds: ['d1', 'd2'],
      note: null,
    });
  });

  it('the action: units with outcome, case link for staff, re-check due; add a unit (checked first); record a re-check', async () => {
    let action = jointAction({
      units: [
        { id: 'uA', unitLabel: '12号 303室', finding: '隔成4间', outcome: 'VIOLATION', caseNumber: '长宁城管立〔2026〕0007号', caseId: 'k7', recheckDueOn: '2026-12-27', recheckedOn: null, recheckFinding: null, relapse: null },
      ],
    });
    const unitPayload = () => ok('addJointActionUnit', { action: { ...action, community: { id: 'c1', name: '华阳小区', affordableHousing: false } } });
    mountAt('/joint-actions/ja1', officer, {
      JointAction: () => ({ jointAction: action }),
      AddJointActionUnit: (v) => {
        if (v.input.caseNumber === '错号') return { addJointActionUnit: { action: null, userErrors: [{ field: ['input', 'caseNumber'], code: 'NOT_YOUR_CASE', message: '不是你承办的案件' }] } };
        action = { ...action, units: [...action.units, { id: 'uB', unitLabel: '12号 302室', finding: v.input.finding, outcome: v.input.outcome, caseNumber: null, caseId: null, recheckDueOn: null, recheckedOn: null, recheckFinding: null, relapse: null }] };
        return unitPayload();
      },
      RecordJointRecheck: (v) => {
        action = { ...action, units: action.units.map((u) => (u.id === v.input.unitId ? { ...u, recheckedOn: '2026-12-20', recheckFinding: v.input.finding, relapse: v.input.relapse } : u)) };
        return ok('recordJointRecheck', { action });
      },
    });
    await waitFor(() => expect(heading()).toBe('华阳小区群租联合整治'), SLOW);
    const unit = document.querySelector('[data-unit-id="uA"]')!;
    expect(unit.querySelector('[data-field="outcome"]')!.textContent).toBe('存在违法');
    expect(unit.querySelector('a[data-case-id="k7"]')!.getAttribute('href')).toBe('/cases/k7');
    expect(unit.querySelector('[data-field="recheck-due"]')!.textContent).toMatch(/^回头看：/);

    fireEvent.click(screen.getByRole('button', { name: '添加' }));
    await waitFor(() => expect(document.getElementById('au-unitId-error')).toBeTruthy());
    expect(document.getElementById('au-outcome-error')!.textContent).toBe('请选择一项。');
    expect(named('AddJointActionUnit')).toHaveLength(0);
    // The unit already recorded says so in the picker.
    expect([...(screen.getByLabelText('楼栋和房号') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(['请选择楼栋和房号', '12号 302室', '12号 303室（已记录）']);
    fireEvent.change(screen.getByLabelText('楼栋和房号'), { target: { value: 'u302' } });
    fireEvent.input(screen.getByLabelText('检查情况'), { target: { value: '一室隔成三间' } });
    fireEvent.click(screen.getByLabelText('当场整改'));
    fireEvent.input(screen.getByLabelText(/^后续案件编号/), { target: { value: '错号' } });
    fireEvent.click(screen.getByRole('button', { name: '添加' }));
    await waitFor(() => expect(document.getElementById('au-caseNumber-error')!.textContent).toBe('不是你承办的案件'));
    fireEvent.input(screen.getByLabelText(/^后续案件编号/), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: '添加' }));
    await waitFor(() => expect(document.querySelector('[data-unit-id="uB"]')).toBeTruthy());
    expect(named('AddJointActionUnit').at(-1)!.vars.input).toEqual({ actionId: 'ja1', unitId: 'u302', finding: '一室隔成三间', outcome: 'RECTIFIED_ON_SITE', caseNumber: null, recheckDueOn: null });
    // The picker still has the community's units after the payload (which carries none).
    expect((screen.getByLabelText('楼栋和房号') as HTMLSelectElement).options.length).toBe(3);

    const recheck = within(document.querySelector<HTMLElement>('[data-unit-id="uA"]')!);
    fireEvent.click(recheck.getByRole('button', { name: '保存回头看' }));
    await waitFor(() => expect(document.getElementById('rc-uA-finding-error')).toBeTruthy());
    fireEvent.input(recheck.getByLabelText('回头看情况'), { target: { value: '又隔成3间' } });
    fireEvent.click(recheck.getByLabelText(/^出现反弹/));
    fireEvent.click(recheck.getByRole('button', { name: '保存回头看' }));
    await waitFor(() => expect(document.querySelector('[data-unit-id="uA"] [data-field="rechecked"]')).toBeTruthy());
    expect(named('RecordJointRecheck')[0]!.vars.input).toEqual({ unitId: 'uA', finding: '又隔成3间', relapse: true });
    expect(document.querySelector('[data-unit-id="uA"]')!.textContent).toContain('反弹');
  });

  it('the partner reads it: case numbers without links, no forms', async () => {
    mountAt('/joint-actions/ja1', housing, {
      JointAction: () => ({
        jointAction: jointAction({
          canEdit: false,
          units: [{ id: 'uA', unitLabel: '12号 303室', finding: '隔成4间', outcome: 'VIOLATION', caseNumber: '长宁城管立〔2026〕0007号', caseId: null, recheckDueOn: '2026-12-27', recheckedOn: null, recheckFinding: null, relapse: null }],
        }),
      }),
    });
    await waitFor(() => expect(document.querySelector('[data-unit-id="uA"]')).toBeTruthy(), SLOW);
    expect(document.querySelector('[data-unit-id="uA"] [data-field="case"]')!.textContent).toBe('后续案件：长宁城管立〔2026〕0007号');
    expect(document.querySelector('[data-unit-id="uA"] a')).toBeNull();
    expect(document.querySelector('form')).toBeNull();
  });

  it('the list: focus chips, re-checks due; the partner has no "new"', async () => {
    mountAt('/joint-actions', housing, {
      JointActions: () => ({
        jointActions: [
          jointAction({
            departments: [
              { id: 'd1', name: '长宁区房屋管理局', kind: 'HOUSING' },
              { id: 'd2', name: '长宁区市场监督管理局', kind: 'OTHER' },
            ],
            units: [{ id: 'uA', unitLabel: '12号 303室', finding: 'x', outcome: 'VIOLATION', caseNumber: null, caseId: null, recheckDueOn: '2000-01-01', recheckedOn: null, recheckFinding: null, relapse: null }],
          }),
        ],
      }),
    });
    await waitFor(() => expect(document.querySelector('[data-joint-action-id="ja1"]')).toBeTruthy(), SLOW);
    const row = document.querySelector('[data-joint-action-id="ja1"]')!;
    expect(row.textContent).toContain('联合部门：长宁区房屋管理局、长宁区市场监督管理局');
    expect(row.textContent).toContain('待回头看 1 户');
    expect(row.classList.contains('card-overdue')).toBe(true);
    expect(screen.queryByRole('link', { name: '新建联合执法' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '保障房违规出租' }));
    await waitFor(() => expect(named('JointActions').at(-1)!.vars).toEqual({ focus: 'AFFORDABLE_HOUSING', first: 50 }));
  });
});

describe('保障性租赁住房', () => {
  it('a row per community and a totals row; the period chips ask again', async () => {
    mountAt('/affordable-housing', housing, {
      AffordableHousingSeries: (v) => ({
        affordableHousingSeries: {
          from: v.from,
          to: v.to,
          rows: [
            { communityId: 'c2', communityName: '安化小区', items: 5, openItems: 2, cases: 1, openCases: 1, jointActions: 1, rechecksDue: 2 },
            { communityId: 'c9', communityName: '虹桥小区', items: 1, openItems: 0, cases: 0, openCases: 0, jointActions: 0, rechecksDue: 0 },
          ],
          totalItems: 6,
          totalCases: 1,
        },
      }),
    });
    await waitFor(() => expect(document.querySelector('[data-list="affordable"]')).toBeTruthy(), SLOW);
    expect(heading()).toBe('保障性租赁住房');
    const totals = [...document.querySelectorAll('tr[data-row="totals"] td')].map((td) => td.textContent);
    expect(totals).toEqual(['6', '2', '1', '1', '1', '2']);
    expect(document.querySelector('[data-field="totals"]')!.textContent).toBe('诉件 6 件案件 1 件');
    expect(document.querySelector('.league-scroll')!.getAttribute('tabindex')).toBe('0');
    const first = named('AffordableHousingSeries')[0]!.vars;
    expect(first.from).toMatch(/-01$/);
    fireEvent.click(screen.getByRole('button', { name: '本年' }));
    await waitFor(() => expect(named('AffordableHousingSeries').at(-1)!.vars.from).toMatch(/-01-01$/));
  });
});
