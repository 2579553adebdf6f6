import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { parseRoute, routePath } from '../../router';
import { allowedRoute, tabsFor } from '../../shell';
import { translator } from '../../i18n';
import { calls, firm, item, kase, mountAt, officer, summary, supervisor } from './fixtures.test-utils';
import { deadlineRows } from './deadlines';
import { checkDecision, decisionTextZh, splitErrors } from './common';
import { openCaseErrors } from './item-case';
import { evidenceEntry } from './evidence';
import type { ItemCaseInfo } from '../../graphql/case-types';

const SLOW = { timeout: 5000 };
const heading = () => screen.getByRole('heading', { level: 1 }).textContent;
const named = (name: string) => calls.filter((c) => c.name === name);

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
  vi.unstubAllGlobals();
});

describe('routes and navigation', () => {
  it('parses and builds the case paths', () => {
    expect(parseRoute('/cases')).toEqual({ name: 'cases' });
    expect(parseRoute('/cases/k%201')).toEqual({ name: 'case', id: 'k 1' });
    expect(parseRoute('/cases/k1/documents/decision')).toEqual({ name: 'caseDocument', id: 'k1', doc: 'decision' });
    expect(parseRoute('/cases/k1/documents/other')).toEqual({ name: 'home' });
    expect(parseRoute('/deadlines')).toEqual({ name: 'deadlines' });
    expect(parseRoute('/approvals')).toEqual({ name: 'approvals' });
    expect(parseRoute('/duty-checks')).toEqual({ name: 'dutyChecks' });
    expect(routePath({ name: 'caseDocument', id: 'k1', doc: 'notice' })).toBe('/cases/k1/documents/notice');
    expect(routePath({ name: 'dutyChecks' })).toBe('/duty-checks');
  });

  it('officers and supervisors get 案件 and 期限; supervisors 审批; property firms their duty checks; residents none', () => {
    const zh = translator('zh-CN');
    expect(tabsFor('OFFICER').map((t) => zh(t.label))).toEqual(['首页', '待办', '案件', '期限', '核查']);
    expect(tabsFor('SUPERVISOR').map((t) => zh(t.label))).toEqual(['首页', '待办', '案件', '期限', '审批']);
    expect(tabsFor('PROPERTY').map((t) => zh(t.label))).toEqual(['首页', '物业报告', '我的反映', '装修', '履责核查']);
    expect(allowedRoute('RESIDENT', { name: 'case', id: 'k1' })).toEqual({ name: 'home' });
    expect(allowedRoute('PROPERTY', { name: 'cases' })).toEqual({ name: 'home' });
    expect(allowedRoute('OFFICER', { name: 'approvals' })).toEqual({ name: 'approvals' });
    expect(allowedRoute('HOUSING', { name: 'deadlines' })).toEqual({ name: 'home' });
  });
});

describe('case list', () => {
  it('shows number, matter, community, stage, masked party ID and next deadline; chips filter', async () => {
    mountAt('/cases', officer, {
      Cases: () => ({ cases: { edges: [{ node: summary() }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 } }),
    });
    await waitFor(() => expect(document.querySelector('[data-case-id="k1"]')).toBeTruthy(), SLOW);
    const row = document.querySelector('[data-case-id="k1"]')!;
    expect(row.querySelector('a')!.getAttribute('href')).toBe('/cases/k1');
    expect(row.textContent).toContain('长宁城管立〔2026〕0001号');
    expect(row.textContent).toContain('A3');
    expect(row.textContent).toContain('安化小区 1号楼 101');
    expect(row.querySelector('[data-stage="NOTIFIED"]')!.textContent).toBe('已告知');
    expect(row.querySelector('[data-flag="near-due"]')!.textContent).toBe('即将到期');
    expect(row.querySelector('[data-field="party"]')!.textContent).toBe('业主：王某 · 310***********1234');
    expect(row.querySelector('[data-field="next-deadline"]')!.textContent).toMatch(/^下一期限 /);
    expect(named('Cases')[0]!.vars.filter).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '已超期' }));
    await waitFor(() => expect(named('Cases')).toHaveLength(2));
    expect(named('Cases')[1]!.vars.filter).toEqual({ overdue: true });
    fireEvent.click(screen.getByRole('button', { name: '我承办的' }));
    fireEvent.click(screen.getByRole('button', { name: '调查取证' }));
    await waitFor(() => expect(named('Cases').at(-1)!.vars.filter).toEqual({ stages: ['INVESTIGATING'], mine: true, overdue: true }));
    expect(screen.getByRole('button', { name: '调查取证' }).getAttribute('aria-pressed')).toBe('true');
  });
});

describe('deadline list', () => {
  it('deadlineRows: open clocks due within 7 days or past, and overdue/near items, by due time, once each', () => {
    const now = Date.parse('2026-11-27T00:00:00Z');
    const a = summary({
      id: 'a',
      clocks: [
        { kind: 'HEARING_REQUEST', dueAt: '2026-11-29T00:00:00Z', state: 'NEAR' },
        { kind: 'DECISION', dueAt: '2027-02-18T00:00:00Z', state: 'RUNNING' },
        { kind: 'SERVICE', dueAt: '2026-11-20T00:00:00Z', state: 'DONE' },
      ],
    });
    const b = summary({ id: 'b', clocks: [{ kind: 'PAYMENT', dueAt: '2026-11-25T00:00:00Z', state: 'PAST' }] });
    const near = { ...item({ id: 'i-near', nextDeadline: '2026-11-28T00:00:00Z', nearDue: true }) };
    const calm = { ...item({ id: 'i-calm', nextDeadline: '2026-11-28T00:00:00Z' }) };
    const rows = deadlineRows([b, a, b], [near, calm, near], now);
    expect(rows.map((r) => [r.kind, r.key, r.state])).toEqual([
      ['clock', 'b:PAYMENT:0', 'PAST'],
      ['item', 'item:i-near', 'NEAR'],
      ['clock', 'a:HEARING_REQUEST:0', 'NEAR'],
    ]);
  });

  it('asks for cases due within 7 days and overdue ones, and the inbox, and lists them by due time', async () => {
    const soon = summary({ id: 'soon', number: 'N-soon', clocks: [{ kind: 'SERVICE', dueAt: new Date(Date.now() + 2 * 86_400_000).toISOString(), state: 'NEAR' }] });
    const late = summary({ id: 'late', number: 'N-late', clocks: [{ kind: 'PAYMENT', dueAt: new Date(Date.now() - 86_400_000).toISOString(), state: 'PAST' }] });
    mountAt('/deadlines', officer, {
      Cases: (v) => ({
        cases: { edges: [{ node: v.filter.overdue ? late : soon }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 },
      }),
      Inbox: () => ({ inbox: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 } }),
    });
    await waitFor(() => expect(document.querySelectorAll('[data-list="deadlines"] li')).toHaveLength(2), SLOW);
    expect(named('Cases').map((c) => c.vars.filter)).toEqual([{ dueWithinDays: 7 }, { overdue: true }]);
    const items = [...document.querySelectorAll('[data-list="deadlines"] li')];
    expect(items.map((li) => li.getAttribute('data-clock-state'))).toEqual(['PAST', 'NEAR']);
    expect(items[0]!.textContent).toContain('N-late');
    expect(items[0]!.textContent).toContain('已超期');
    expect(items[0]!.textContent).toContain('缴纳罚款');
  });
});

describe('case page', () => {
  it('shows header, parties with the whole ID number, clocks flagged, evidence, documents', async () => {
    mountAt('/cases/k1', officer, { Case: () => ({ case: kase() }) });
    await waitFor(() => expect(heading()).toBe('长宁城管立〔2026〕0001号'), SLOW);
    expect(document.querySelector('[data-field="legal-basis"]')!.textContent).toContain('住宅室内装饰装修管理办法');
    expect(document.querySelector('[data-field="fine-range"]')!.textContent).toBe('500–10,000 元 （情节严重的最高 20,000 元）');
    expect(document.querySelector('[data-field="id-number"]')!.textContent).toBe('身份证号码：310105198001011234');
    expect([...document.querySelectorAll('[data-list="clocks"] li')].map((li) => li.getAttribute('data-clock-state'))).toEqual(['NEAR', 'RUNNING']);
    expect(document.querySelector('[data-clock="HEARING_REQUEST"]')!.textContent).toContain('即将到期');
    expect(document.querySelector('[data-evidence-id="e1"]')!.textContent).toContain('拍摄位置：31.21880° N, 121.43790° E');
    expect(screen.getByRole('link', { name: '行政处罚决定书' }).getAttribute('href')).toBe('/cases/k1/documents/decision');
    expect(document.querySelector('[data-field="proposed"]')!.textContent).toBe('罚款 · 3,000 元');
    // Only the steps the server offers.
    expect(document.querySelector('form[data-action="DECIDE"]')).toBeTruthy();
    expect(document.querySelector('form[data-action="SERVE"]')).toBeNull();
  });

  it('decide: shows the fine range, needs a reason above the ordinary maximum, sends the version it loaded', async () => {
    mountAt('/cases/k1', officer, {
      Case: () => ({ case: kase() }),
      DecideCase: (v) => ({
        decideCase: {
          case: kase({ stage: 'DECIDED', version: 4, decision: { ...v.input.decision, major: false }, availableActions: ['SERVE'] }),
          userErrors: [],
        },
      }),
    });
    await waitFor(() => expect(document.querySelector('form[data-action="DECIDE"]')).toBeTruthy(), SLOW);
    const form = document.querySelector<HTMLFormElement>('form[data-action="DECIDE"]')!;
    expect(form.querySelector('[data-fine-range]')!.textContent).toContain('500–10,000 元');
    const fine = form.querySelector<HTMLInputElement>('[name="fineCny"]')!;
    expect(fine.value).toBe('3000'); // the proposed decision
    fireEvent.input(fine, { target: { value: '15000' } });
    await waitFor(() => expect(form.querySelector('[name="seriousReason"]')).toBeTruthy());
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByText('罚款超过一般幅度，请写明从重理由。')).toBeTruthy());
    expect(named('DecideCase')).toHaveLength(0);

    fireEvent.input(form.querySelector('[name="fineCny"]')!, { target: { value: '25000' } });
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByText('罚款金额超出本事项的罚款幅度。')).toBeTruthy());

    fireEvent.input(form.querySelector('[name="fineCny"]')!, { target: { value: '15000' } });
    fireEvent.input(form.querySelector('[name="seriousReason"]')!, { target: { value: '拒不改正，造成楼下严重渗漏' } });
    fireEvent.submit(form);
    await waitFor(() => expect(named('DecideCase')).toHaveLength(1));
    expect(named('DecideCase')[0]!.vars).toEqual({
      input: {
        caseId: 'k1',
        version: 3,
        note: null,
        waived: false,
        decision: { kind: 'FINE', fineCny: 15000, rectifyBy: null, demolish: false, seriousReason: '拒不改正，造成楼下严重渗漏', text: null },
      },
    });
    await waitFor(() => expect(document.querySelector('form[data-action="SERVE"]')).toBeTruthy());
    expect(document.querySelector('[data-field="decision"]')!.textContent).toBe('罚款 · 15,000 元');
  });

  it('a userError naming a field is shown under it; CONFLICT says so and reloads the case', async () => {
    let answer: unknown = {
      decideCase: { case: null, userErrors: [{ field: ['input', 'decision', 'fineCny'], code: 'FINE_OUT_OF_RANGE', message: '罚款须在 500 至 10000 元之间' }] },
    };
    let loads = 0;
    mountAt('/cases/k1', officer, {
      Case: () => ({ case: kase({ version: 3 + loads++ }) }),
      DecideCase: () => answer,
    });
    await waitFor(() => expect(document.querySelector('form[data-action="DECIDE"]')).toBeTruthy(), SLOW);
    const form = () => document.querySelector<HTMLFormElement>('form[data-action="DECIDE"]')!;
    fireEvent.submit(form());
    await waitFor(() => expect(form().querySelector('#DECIDE-fineCny-error')?.textContent).toBe('罚款须在 500 至 10000 元之间'));
    expect(form().querySelector('[name="fineCny"]')!.getAttribute('aria-invalid')).toBe('true');

    answer = { decideCase: { case: null, userErrors: [{ field: ['input', 'version'], code: 'CONFLICT', message: 'changed' }] } };
    fireEvent.submit(form());
    await waitFor(() => expect(form().querySelector('[data-form-error]')!.textContent).toMatch(/^案件刚刚被他人更新/));
    await waitFor(() => expect(named('Case')).toHaveLength(2));
    await waitFor(() => expect(document.querySelector('.screen')!.getAttribute('data-version')).toBe('4'));
    // The next try sends the version read again.
    answer = { decideCase: { case: kase({ version: 5 }), userErrors: [] } };
    fireEvent.submit(form());
    await waitFor(() => expect(named('DecideCase')).toHaveLength(3));
    expect(named('DecideCase')[2]!.vars.input.version).toBe(4);
  });

  it('serve, close and request an extension send what the forms hold', async () => {
    mountAt('/cases/k1', officer, {
      Case: () => ({ case: kase({ stage: 'SERVED', availableActions: ['SERVE', 'CLOSE', 'REQUEST_EXTENSION'] }) }),
      ServeCase: () => ({ serveCase: { case: kase({ version: 4, availableActions: ['CLOSE'] }), userErrors: [] } }),
      CloseCase: () => ({ closeCase: { case: kase({ stage: 'CLOSED', availableActions: [] }), userErrors: [] } }),
      RequestApproval: () => ({ requestApproval: { approval: { id: 'ap1' }, userErrors: [] } }),
    });
    await waitFor(() => expect(document.querySelector('form[data-action="SERVE"]')).toBeTruthy(), SLOW);
    const ext = document.querySelector<HTMLFormElement>('form[data-action="REQUEST_EXTENSION"]')!;
    fireEvent.input(ext.querySelector('[name="days"]')!, { target: { value: '120' } });
    fireEvent.submit(ext);
    await waitFor(() => expect(ext.textContent).toContain('请填写 1 到 90 之间的整数。'));
    fireEvent.input(ext.querySelector('[name="days"]')!, { target: { value: '30' } });
    fireEvent.input(ext.querySelector('[name="reason"]')!, { target: { value: '需委托鉴定' } });
    fireEvent.submit(ext);
    await waitFor(() => expect(named('RequestApproval')).toHaveLength(1));
    expect(named('RequestApproval')[0]!.vars).toEqual({ input: { kind: 'DECISION_EXTENSION', caseId: 'k1', reason: '需委托鉴定', days: 30 } });

    const serve = document.querySelector<HTMLFormElement>('form[data-action="SERVE"]')!;
    fireEvent.click(screen.getByLabelText('直接送达（当面交付）'));
    fireEvent.submit(serve);
    await waitFor(() => expect(named('ServeCase')).toHaveLength(1));
    expect(named('ServeCase')[0]!.vars).toEqual({ input: { caseId: 'k1', version: 3, inPerson: true, note: null } });

    const close = document.querySelector<HTMLFormElement>('form[data-action="CLOSE"]')!;
    fireEvent.submit(close);
    await waitFor(() => expect(close.querySelector('[name="outcome"]')!.getAttribute('aria-invalid')).toBe('true'));
    fireEvent.input(close.querySelector('[name="outcome"]')!, { target: { value: '已恢复阳台原状，罚款已缴纳。' } });
    fireEvent.submit(close);
    await waitFor(() => expect(named('CloseCase')).toHaveLength(1));
    expect(named('CloseCase')[0]!.vars).toEqual({ input: { caseId: 'k1', version: 4, outcome: '已恢复阳台原状，罚款已缴纳。' } });
  });

  it('evidence: queued in the outbox with the phone’s time and position, shown pending, sent as AddCaseEvidence, then the case is read again', async () => {
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: { getCurrentPosition: (ok: PositionCallback) => ok({ coords: { latitude: 31.2, longitude: 121.4 } } as GeolocationPosition) },
    });
    let online = false;
    const { outbox } = mountAt(
      '/cases/k1',
      officer,
      {
        Case: () => ({ case: kase() }),
        AddCaseEvidence: () => ({ addCaseEvidence: { case: { id: 'k1' }, userErrors: [] } }),
      },
      { online: () => online },
    );
    await waitFor(() => expect(document.querySelector('form[data-action="ADD_EVIDENCE"]')).toBeTruthy(), SLOW);
    const form = document.querySelector<HTMLFormElement>('form[data-action="ADD_EVIDENCE"]')!;
    fireEvent.submit(form);
    await waitFor(() => expect(form.querySelector('#evidence-title-error')).toBeTruthy());
    fireEvent.change(screen.getByLabelText('证据种类'), { target: { value: 'INQUIRY_NOTE' } });
    fireEvent.input(screen.getByLabelText('证据名称'), { target: { value: '询问笔录（王某）' } });
    fireEvent.input(screen.getByLabelText(/^内容说明/), { target: { value: '当事人承认改建' } });
    fireEvent.submit(form);
    await waitFor(() => expect(document.querySelector('[data-list="pending-evidence"] [data-outbox-state="queued"]')).toBeTruthy());
    expect(document.querySelector('[data-list="pending-evidence"]')!.textContent).toContain('待上传');
    // The line under the header leads an officer back to the case that waits.
    await waitFor(() => expect(document.querySelector('.outbox-status a')?.getAttribute('href')).toBe('/cases/k1'));
    expect(document.querySelector('.outbox-status a')!.textContent).toBe('待发送 1 条');
    await waitFor(() => expect(screen.getByText('证据已保存在本机，联网后会自动上传。')).toBeTruthy());
    const entry = outbox.current[0]!;
    expect(entry.kind).toBe('evidence');
    expect(entry.kind === 'evidence' && entry.input).toMatchObject({
      caseId: 'k1',
      idempotencyKey: entry.key,
      kind: 'INQUIRY_NOTE',
      title: '询问笔录（王某）',
      body: '当事人承认改建',
      latitude: 31.2,
      longitude: 121.4,
    });
    expect(Date.now() - Date.parse((entry as any).input.capturedAt)).toBeLessThan(60_000);

    online = true;
    await outbox.flush();
    await waitFor(() => expect(document.querySelector('[data-list="pending-evidence"]')).toBeNull());
    expect(named('AddCaseEvidence')[0]!.vars.input.idempotencyKey).toBe(entry.key);
    await waitFor(() => expect(named('Case')).toHaveLength(2));
  });

  it('evidenceEntry: the key is the idempotency key; no photo, no photo field', () => {
    const e = evidenceEntry({
      key: 'k',
      userId: 'o1',
      caseId: 'c',
      kind: 'PHOTO',
      title: '现场照片',
      body: '',
      capturedAt: '2026-11-27T01:00:00.000Z',
      position: null,
      photo: null,
      now: new Date('2026-11-27T01:00:01Z'),
    });
    expect(e).toEqual({
      kind: 'evidence',
      key: 'k',
      userId: 'o1',
      createdAt: '2026-11-27T01:00:01.000Z',
      state: 'queued',
      title: '现场照片',
      text: '现场照片',
      attempts: 0,
      error: null,
      input: { caseId: 'c', idempotencyKey: 'k', kind: 'PHOTO', title: '现场照片', body: null, capturedAt: '2026-11-27T01:00:00.000Z', latitude: null, longitude: null },
    });
  });
});

describe('opening a case from an item', () => {
  const info = (patch: Partial<ItemCaseInfo> = {}): ItemCaseInfo => ({
    id: 'i1',
    status: 'VERIFYING',
    matter: { code: 'A3', name: '将没有防水要求的房间或者阳台改为卫生间、厨房间' },
    community: { id: 'c1', name: '安化小区' },
    unitLabel: '1号楼 101',
    description: '楼上阳台改卫生间，漏水',
    caseId: null,
    needsCase: 'MANDATORY_MATTER',
    repeatCount: 2,
    historicalStock: false,
    exemption: null,
    ...patch,
  });

  it('explains the rule, then 立案 with the item, matter preset, parties added and removed; lands on the case', async () => {
    mountAt('/items/i1', officer, {
      Item: () => ({ item: item() }),
      ItemCaseInfo: () => ({ item: info() }),
      OpenCase: () => ({ openCase: { case: kase({ stage: 'FILED', id: 'k9' }), userErrors: [] } }),
      Case: () => ({ case: kase({ id: 'k9', stage: 'FILED' }) }),
    });
    await waitFor(() => expect(document.querySelector('[data-field="needs-case"]')).toBeTruthy(), SLOW);
    expect(document.querySelector('[data-field="needs-case"]')!.textContent).toMatch(/^本事项属于“应立尽立”事项/);
    expect(document.querySelector('[data-field="repeat-count"]')!.textContent).toBe('90 天内同一房屋同一问题另有 2 件反映');
    expect(document.querySelector('[data-field="case-matter"]')!.textContent).toContain('A3');

    const form = document.querySelector<HTMLFormElement>('form[data-action="OPEN_CASE"]')!;
    fireEvent.submit(form);
    await waitFor(() => expect(form.querySelector('#oc-facts')!.getAttribute('aria-invalid')).toBe('true'));
    expect(form.querySelector('#oc-parties-0-name')!.getAttribute('aria-invalid')).toBe('true');
    expect(named('OpenCase')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: '添加当事人' }));
    fireEvent.click(screen.getByRole('button', { name: '添加当事人' }));
    expect(form.querySelectorAll('[data-party-row]')).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: '删除当事人 2' }));
    expect(form.querySelectorAll('[data-party-row]')).toHaveLength(2);
    fireEvent.input(form.querySelector('#oc-facts')!, { target: { value: '擅自将阳台改为卫生间，导致楼下渗漏。' } });
    fireEvent.input(form.querySelector('#oc-parties-0-name')!, { target: { value: '王某' } });
    fireEvent.input(form.querySelector('#oc-parties-0-idNumber')!, { target: { value: '310105198001011234' } });
    fireEvent.change(form.querySelector('#oc-parties-1-kind')!, { target: { value: 'TENANT' } });
    fireEvent.input(form.querySelector('#oc-parties-1-name')!, { target: { value: '赵某' } });
    fireEvent.click(screen.getByLabelText(/^简易程序/));
    fireEvent.submit(form);
    await waitFor(() => expect(named('OpenCase')).toHaveLength(1));
    expect(named('OpenCase')[0]!.vars).toEqual({
      input: {
        itemIds: ['i1'],
        matterCode: null,
        procedure: 'SUMMARY',
        facts: '擅自将阳台改为卫生间，导致楼下渗漏。',
        parties: [
          { kind: 'OWNER', name: '王某', idNumber: '310105198001011234', phone: null, address: null },
          { kind: 'TENANT', name: '赵某', idNumber: null, phone: null, address: null },
        ],
      },
    });
    await waitFor(() => expect(location.pathname).toBe('/cases/k9'));
    await waitFor(() => expect(named('Case')).toHaveLength(1), SLOW);
  });

  it('openCaseErrors puts party errors under their row', () => {
    expect(
      openCaseErrors([
        { field: ['input', 'parties', '1', 'idNumber'], code: 'VALIDATION', message: '身份证号码格式不正确' },
        { field: ['input', 'parties'], code: 'REPEAT_NEEDS_OWNER', message: '须有业主' },
        { field: ['input', 'itemIds'], code: 'ALREADY_IN_CASE', message: '已立案' },
      ]),
    ).toEqual({ byField: { 'parties.1.idNumber': '身份证号码格式不正确', parties: '须有业主' }, rest: ['已立案'] });
  });

  it('asks for an exemption and marks historical stock; a refused resolve says which rule', async () => {
    let current = info({ needsCase: 'REPEAT_COMPLAINT' });
    mountAt('/items/i1', officer, {
      Item: () => ({ item: item() }),
      ItemCaseInfo: () => ({ item: current }),
      RequestApproval: (v) => {
        current = { ...current, exemption: { id: 'ap1', kind: 'EXEMPTION', status: 'PENDING' } as never };
        return { requestApproval: { approval: { id: 'ap1', ...v.input }, userErrors: [] } };
      },
      MarkHistoricalStock: () => {
        current = { ...current, historicalStock: true };
        return { markHistoricalStock: { item: { id: 'i1', status: 'VERIFYING' }, userErrors: [] } };
      },
      ResolveItem: () => ({
        resolveItem: { item: null, userErrors: [{ field: ['input', 'itemId'], code: 'REPEAT_NEEDS_CASE', message: '重复投诉须立案' }] },
      }),
    });
    await waitFor(() => expect(document.querySelector('form[data-action="EXEMPTION"]')).toBeTruthy(), SLOW);
    const ex = document.querySelector<HTMLFormElement>('form[data-action="EXEMPTION"]')!;
    fireEvent.input(ex.querySelector('[name="reason"]')!, { target: { value: '现场核查未发现改建' } });
    fireEvent.input(ex.querySelector('[name="evidence"]')!, { target: { value: '2026-11-27 现场检查，阳台为原状' } });
    fireEvent.submit(ex);
    await waitFor(() => expect(named('RequestApproval')).toHaveLength(1));
    expect(named('RequestApproval')[0]!.vars).toEqual({
      input: { kind: 'EXEMPTION', itemId: 'i1', reason: '现场核查未发现改建', evidence: '2026-11-27 现场检查，阳台为原状' },
    });
    await waitFor(() => expect(document.querySelector('[data-field="exemption"]')!.textContent).toBe('豁免申请：待审批'));

    const stock = document.querySelector<HTMLFormElement>('form[data-action="HISTORICAL_STOCK"]')!;
    fireEvent.input(stock.querySelector('[name="reason"]')!, { target: { value: '2015 年前已存在' } });
    fireEvent.submit(stock);
    await waitFor(() => expect(document.querySelector('[data-field="historical-stock"]')).toBeTruthy());
    expect(named('MarkHistoricalStock')[0]!.vars).toEqual({ input: { itemId: 'i1', reason: '2015 年前已存在' } });

    fireEvent.click(screen.getByLabelText('未发现违法行为'));
    fireEvent.input(screen.getByLabelText('处置说明'), { target: { value: '无' } });
    fireEvent.submit(screen.getByRole('button', { name: '保存处置结果' }).closest('form')!);
    await waitFor(() => expect(screen.getByText(/^重复投诉须立案 同一房屋的同一问题被重复投诉/)).toBeTruthy());
  });
});

describe('approvals', () => {
  it('a supervisor rejects only with a note, approves with one tap; each links to its item or case', async () => {
    const approval = {
      id: 'ap1',
      kind: 'EXEMPTION',
      status: 'PENDING',
      reason: '现场核查未发现改建',
      evidence: '阳台为原状',
      days: null,
      requestedBy: '李强',
      requestedAt: '2026-11-27T01:00:00Z',
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
      itemId: 'i1',
      caseId: null,
      caseNumber: null,
      matterCode: 'A3',
      communityName: '安化小区',
    };
    mountAt('/approvals', supervisor, {
      Approvals: () => ({ approvals: { edges: [{ node: approval }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 } }),
      DecideApproval: (v) => ({
        decideApproval: { approval: { ...approval, status: 'APPROVED', decidedBy: '张队', decidedAt: '2026-11-27T02:00:00Z', decisionNote: v.input.note }, userErrors: [] },
      }),
    });
    await waitFor(() => expect(document.querySelector('[data-approval-id="ap1"]')).toBeTruthy(), SLOW);
    expect(named('Approvals')[0]!.vars.status).toBe('PENDING');
    expect(screen.getByRole('link', { name: '查看事项' }).getAttribute('href')).toBe('/items/i1');
    fireEvent.click(screen.getByRole('button', { name: '驳回' }));
    await waitFor(() => expect(screen.getByText('驳回时请写明理由。')).toBeTruthy());
    expect(named('DecideApproval')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: '批准' }));
    await waitFor(() => expect(named('DecideApproval')).toHaveLength(1));
    expect(named('DecideApproval')[0]!.vars).toEqual({ input: { approvalId: 'ap1', approve: true, note: '' } });
    await waitFor(() => expect(document.querySelector('[data-approval-id="ap1"]')!.getAttribute('data-status')).toBe('APPROVED'));
  });
});

describe('duty checks', () => {
  const check = {
    id: 'd1',
    status: 'OPEN',
    firmName: '安化物业',
    communityName: '安化小区',
    unitLabel: '1号楼 101',
    matterCode: 'A3',
    evidence: '物业未报告，居民投诉发现',
    note: null,
    ownerCaseId: 'k1',
    firmCaseId: null,
    createdAt: '2026-11-27T01:00:00Z',
    concludedAt: null,
  };

  it('an officer concludes FAILED with a note and gets the link to the firm’s D1 case', async () => {
    mountAt('/duty-checks', officer, {
      DutyChecks: () => ({ dutyChecks: { edges: [{ node: check }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 } }),
      ConcludeDutyCheck: () => ({
        concludeDutyCheck: { dutyCheck: { ...check, status: 'FAILED', note: '未劝阻' }, firmCase: { id: 'k2', number: 'N2' }, userErrors: [] },
      }),
    });
    await waitFor(() => expect(document.querySelector('[data-duty-check-id="d1"]')).toBeTruthy(), SLOW);
    expect(named('DutyChecks')[0]!.vars.status).toBe('OPEN');
    const form = document.querySelector<HTMLFormElement>('form[data-action="CONCLUDE-d1"]')!;
    fireEvent.click(screen.getByLabelText(/^未履责/));
    fireEvent.input(form.querySelector('[name="note"]')!, { target: { value: '未劝阻' } });
    fireEvent.submit(form);
    await waitFor(() => expect(named('ConcludeDutyCheck')).toHaveLength(1));
    expect(named('ConcludeDutyCheck')[0]!.vars).toEqual({ input: { dutyCheckId: 'd1', result: 'FAILED', note: '未劝阻' } });
    await waitFor(() => expect(screen.getByRole('link', { name: '查看对物业的立案（D1）' }).getAttribute('href')).toBe('/cases/k2'));
  });

  it('a property firm reads the checks on itself, without forms or case links', async () => {
    mountAt('/duty-checks', firm, {
      DutyChecks: () => ({ dutyChecks: { edges: [{ node: { ...check, status: 'FAILED', firmCaseId: 'k2' } }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 } }),
    });
    await waitFor(() => expect(document.querySelector('[data-duty-check-id="d1"]')).toBeTruthy(), SLOW);
    expect(heading()).toBe('对本企业的履责核查');
    expect(named('DutyChecks')[0]!.vars.status).toBeNull();
    expect(document.querySelector('form')).toBeNull();
    expect(document.querySelector('a[href^="/cases/"]')).toBeNull();
  });
});

describe('documents', () => {
  it('the decision renders the case’s data in Chinese, with the print button', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    mountAt('/cases/k1/documents/decision', officer, {
      Case: () => ({
        case: kase({
          stage: 'DECIDED',
          decidedAt: '2026-12-01T02:00:00Z',
          decision: { kind: 'FINE', fineCny: 3000, rectifyBy: '2026-12-31', demolish: false, seriousReason: null, text: null, major: false },
        }),
      }),
    });
    await waitFor(() => expect(document.querySelector('[data-document="decision"]')).toBeTruthy(), SLOW);
    expect(heading()).toBe('行政处罚决定书');
    const doc = document.querySelector('[data-document="decision"]')!;
    expect(doc.textContent).toContain('当事人（业主）：王某，身份证号码：310105198001011234');
    expect(doc.querySelector('[data-field="decision"]')!.textContent).toBe('罚款人民币3,000元；责令于2026年12月31日前改正。');
    expect(doc.textContent).toContain('十五日内');
    expect(doc.textContent).toContain('六十日内依法申请行政复议');
    expect(doc.textContent).toContain('六个月内依法向人民法院提起行政诉讼');
    expect(doc.querySelector('[data-list="doc-evidence"]')!.textContent).toContain('勘验（检查）笔录：现场检查笔录');
    expect(doc.textContent).toContain('2026年12月1日');
    fireEvent.click(screen.getByRole('button', { name: '打印' }));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('the notice names the rights to 陈述、申辩 and a hearing within 5 working days', async () => {
    mountAt('/cases/k1/documents/notice', officer, { Case: () => ({ case: kase() }) });
    await waitFor(() => expect(document.querySelector('[data-document="notice"]')).toBeTruthy(), SLOW);
    const doc = document.querySelector('[data-document="notice"]')!;
    expect(doc.querySelector('[data-field="proposed"]')!.textContent).toBe('罚款人民币3,000元。');
    expect(doc.textContent).toContain('陈述、申辩');
    expect(doc.textContent).toContain('五个工作日内');
  });

  it('the filing form lists number, matter, parties, facts and linked filings', async () => {
    mountAt('/cases/k1/documents/filing', officer, { Case: () => ({ case: kase() }) });
    await waitFor(() => expect(document.querySelector('[data-document="filing"]')).toBeTruthy(), SLOW);
    const doc = document.querySelector('[data-document="filing"]')!;
    for (const text of ['长宁城管立〔2026〕0001号', '2026年11月20日', 'A3', '住宅室内装饰装修管理办法', '王某', '擅自将阳台改为卫生间', '楼上阳台改卫生间，漏水', '李强', '审批意见']) {
      expect(doc.textContent).toContain(text);
    }
  });
});

describe('helpers', () => {
  const m = { fineMinCny: 500, fineMaxCny: 10000, fineSeriousMaxCny: null };
  it('checkDecision', () => {
    expect(checkDecision({ kind: 'FINE', fineCny: null }, m)).toEqual({ fineCny: 'required' });
    expect(checkDecision({ kind: 'FINE', fineCny: 100 }, m)).toEqual({ fineCny: 'range' });
    expect(checkDecision({ kind: 'FINE', fineCny: 10001 }, m)).toEqual({ fineCny: 'range' });
    expect(checkDecision({ kind: 'FINE', fineCny: 12000 }, { ...m, fineSeriousMaxCny: 20000 })).toEqual({ seriousReason: 'serious' });
    expect(checkDecision({ kind: 'FINE', fineCny: 12000, seriousReason: 'x' }, { ...m, fineSeriousMaxCny: 20000 })).toEqual({});
    expect(checkDecision({ kind: 'ORDER_TO_RECTIFY' }, m)).toEqual({ rectifyBy: 'required' });
    expect(checkDecision({ kind: 'WARNING' }, m)).toEqual({});
  });

  it('decisionTextZh and splitErrors', () => {
    expect(decisionTextZh({ kind: 'WARNING', fineCny: null, rectifyBy: null, demolish: false, seriousReason: null, text: null, major: false })).toBe('警告。');
    expect(
      decisionTextZh({ kind: 'ORDER_TO_RECTIFY', fineCny: null, rectifyBy: '2027-01-05', demolish: true, seriousReason: null, text: '恢复原状', major: true }),
    ).toBe('责令于2027年1月5日前改正，拆除违法建筑。恢复原状');
    expect(
      splitErrors(
        [
          { field: ['input', 'decision', 'fineCny'], code: 'FINE_OUT_OF_RANGE', message: 'a' },
          { field: ['input'], code: 'NOT_ALLOWED_NOW', message: 'b' },
        ],
        ['fineCny', 'note'],
      ),
    ).toEqual({ byField: { fineCny: 'a' }, rest: ['b'] });
  });
});
