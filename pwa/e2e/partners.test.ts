// Issue #8 (管执联动) in the browser, against the real server:
// (a) an officer refers a demo item to the housing department from the item page; the housing
//     partner signs in, finds it in 转办收件箱, receives and answers it; the officer sees the answer
//     on the item's referrals;
// (b) a referral the partner returns with a reason shows the reason and its clock, to both sides;
//     the officer sends it again;
// (c) an officer creates a joint action with two departments, adds three units and links one to a
//     follow-up case the officer handles (opened here through the API); the partner reads it;
// (d) the new pages at 360 px (nothing wider, 44-px targets, no axe violation), the partner's 移送城管
//     form, the affordable-housing table, and the printed letter for a department without accounts
//     (reference and department on it; print media hides the app's chrome).
// Other files run against the same server at the same time: everything here is found by its own stamp.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, axeViolations, graphqlExchange, launchPhone, loginThroughUi, outDir, smallTapTargets, type Phone } from './browser';

const WIDTH = 360;
const HEIGHT = 740;
const RESIDENT_LOGIN = '13900000001';

let baseUrl: string;
let officer: Phone;
let housing: Phone;

async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables, operationName: /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

async function apiToken(login: string): Promise<string> {
  const data = await gql<{ login: { session: { accessToken: string } | null } }>(
    `mutation Login($input: LoginInput!) { login(input: $input) { session { accessToken } userErrors { message } } }`,
    { input: { login, password: DEMO_PASSWORD } },
  );
  if (!data.login.session) throw new Error(`cannot sign in as ${login}`);
  return data.login.session.accessToken;
}

interface Dept {
  id: string;
  name: string;
  kind: 'HOUSING' | 'OTHER';
  inApp: boolean;
}

/**
 * The demo resident files a complaint from home; the officer accepts it and starts verifying.
 * Each use takes its own matter: a second complaint about the same unit and matter would be a
 * repeat, which must become a case and is not referred out.
 */
async function itemInVerification(description: string, matterCode: string): Promise<{ id: string; communityId: string; unitLabel: string | null }> {
  const filed = await gql(
    `mutation FileComplaint($input: FileComplaintInput!) { fileComplaint(input: $input) { item { id community { id } unitLabel } userErrors { code message } } }`,
    { input: { idempotencyKey: crypto.randomUUID(), matterCode, description } },
    await apiToken(RESIDENT_LOGIN),
  );
  expect(filed.fileComplaint.userErrors).toEqual([]);
  const item = filed.fileComplaint.item;
  const token = await apiToken('officer');
  const accepted = await gql(
    `mutation AcceptItems($input: AcceptItemsInput!) { acceptItems(input: $input) { items { id } userErrors { code message } } }`,
    { input: { itemIds: [item.id] } },
    token,
  );
  expect(accepted.acceptItems.userErrors).toEqual([]);
  const verifying = await gql(
    `mutation StartVerification($input: ItemNoteInput!) { startVerification(input: $input) { item { status } userErrors { code message } } }`,
    { input: { itemId: item.id, note: '到现场核查' } },
    token,
  );
  expect(verifying.startVerification.item.status).toBe('VERIFYING');
  return { id: item.id, communityId: item.community.id, unitLabel: item.unitLabel };
}

async function referThroughApi(itemId: string, departmentId: string, reason: string): Promise<{ id: string; reference: string }> {
  const data = await gql(
    `mutation ReferItem($input: ReferItemInput!) { referItem(input: $input) { referral { id reference } userErrors { field code message } } }`,
    { input: { itemId, departmentId, reason, idempotencyKey: crypto.randomUUID() } },
    await apiToken('officer'),
  );
  expect(data.referItem.userErrors).toEqual([]);
  return data.referItem.referral;
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const tab = (page: Page, name: string) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name, exact: true });
const referralState = (page: Page) => page.locator('.screen[data-referral-id]').getAttribute('data-state');

async function signIn(phone: Phone, login: string) {
  const { page } = phone;
  await page.goto('/');
  await expect.poll(() => h1(page)).toBe('登录共治');
  const { body } = await loginThroughUi(page, login, DEMO_PASSWORD);
  expect(body.data?.login?.userErrors).toEqual([]);
  await expect.poll(() => h1(page)).toMatch(/^你好，/);
}

/** Nothing wider than the 360-px phone, every tap target 44 px, no axe violation. */
async function accessible(page: Page, shot?: string) {
  expect(await page.evaluate(() => Math.max(document.documentElement.scrollWidth, innerWidth) - innerWidth)).toBeLessThanOrEqual(0);
  expect(await smallTapTargets(page)).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
  if (shot) await page.screenshot({ path: `${outDir}${shot}.png`, fullPage: true });
}

/** Taps a submit button and returns the mutation's payload, checked free of errors. */
async function submit(page: Page, button: Locator, operationName: string) {
  const exchange = graphqlExchange(page, operationName);
  await button.tap();
  const { body } = await exchange;
  expect(body.errors ?? []).toEqual([]);
  const payload = body.data[Object.keys(body.data)[0]!];
  expect(payload.userErrors).toEqual([]);
  return payload;
}

const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
let departments: Dept[];
let housingDept: Dept;

const listDepartments = async () =>
  (await gql<{ departments: Dept[] }>(`query Departments { departments { id name kind inApp } }`, {}, await apiToken('officer'))).departments;

beforeAll(async () => {
  baseUrl = inject('baseUrl');
  departments = await listDepartments();
  // A joint action needs two departments and the letter one without accounts: when the demo has
  // none answering on paper, the district supervisor adds one (saved by name, so a re-run changes nothing).
  if (!departments.some((d) => !d.inApp)) {
    const saved = await gql(
      `mutation SaveDepartment($name: String!, $kind: DepartmentKind!, $address: String) { saveDepartment(name: $name, kind: $kind, address: $address) { department { id } userErrors { message } } }`,
      { name: '长宁区市场监督管理局', kind: 'OTHER', address: '上海市长宁区长宁路1号' },
      await apiToken('supervisor'),
    );
    expect(saved.saveDepartment.userErrors).toEqual([]);
    departments = await listDepartments();
  }
  const found = departments.find((d) => d.kind === 'HOUSING' && d.inApp);
  if (!found) throw new Error(`the demo district has no housing department answering in the app: ${JSON.stringify(departments)}`);
  housingDept = found;
  [officer, housing] = await Promise.all([launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }), launchPhone(baseUrl, { width: WIDTH, height: HEIGHT })]);
});

afterAll(async () => {
  await Promise.all([officer?.close(), housing?.close()]);
});

describe.sequential('(a) an officer refers an item to the housing department; the partner receives and answers it', () => {
  const description = `e2e ${stamp} 12号302室按床位出租，住了十几个人`;
  const answer = `e2e ${stamp} 已联合街道核查，责令房东三日内整改。`;
  let itemId: string;
  let referralId: string;
  let reference: string;

  it('the officer refers it from the item page: the housing department (answers in the app) and a reason', async () => {
    itemId = (await itemInVerification(description, 'B2')).id;
    await signIn(officer, 'officer');
    const { page } = officer;
    await page.goto(`/items/${itemId}`);
    const panel = page.locator('[data-section="item-referrals"]');
    await panel.waitFor({ timeout: 10_000 });
    await panel.locator('summary', { hasText: '转办其他部门' }).tap();
    const select = panel.getByLabel('部门', { exact: true });
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
    expect(await select.locator(`option[value="${housingDept.id}"]`).textContent()).toBe(`${housingDept.name}（系统内答复）`);
    await select.selectOption(housingDept.id);
    await panel.getByLabel('转办理由').fill('按床位出租属房管部门职责，请依法处理。');
    await accessible(page, 'partners-item-refer-360');
    const payload = await submit(page, panel.getByRole('button', { name: '转办', exact: true }), 'ReferItem');
    referralId = payload.referral.id;
    reference = payload.referral.reference;
    expect(payload.referral.state).toBe('SENT');
    expect(payload.referral.direction).toBe('OUTGOING');
    const row = panel.locator(`[data-referral-id="${referralId}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('SENT');
    expect(await row.textContent()).toContain(housingDept.name);
    expect(await row.locator('[data-field="answer-clock"]').textContent()).toMatch(/^请于 .+ 前答复$/);
  });

  it('the partner finds it in 转办收件箱: no filer identity; receives it', async () => {
    await signIn(housing, 'housing');
    const { page } = housing;
    await tab(page, '转办').tap();
    await expect.poll(() => h1(page)).toBe('转办与移送');
    expect(await page.getByRole('button', { name: '转办收件箱' }).getAttribute('aria-pressed')).toBe('true');
    const row = page.locator(`[data-list="referrals"] [data-referral-id="${referralId}"]`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.getAttribute('data-state')).toBe('SENT');
    await accessible(page, 'partners-inbox-360');

    await row.getByRole('link', { name: reference }).tap();
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(reference);
    const main = page.locator('main');
    expect(await main.locator('[data-field="description"]').textContent()).toBe(description);
    // Never the filer: not the resident's name nor the phone that filed it.
    expect(await main.textContent()).not.toContain(RESIDENT_LOGIN);
    expect(await main.textContent()).not.toContain('王阿姨');
    expect(await main.locator('[data-field="answer-clock"]').textContent()).toMatch(/^请于 .+ 前答复$/);
    expect(await main.locator('[data-field="transfer-clock"]').textContent()).toMatch(/转办时限/);
    await accessible(page, 'partners-referral-360');

    await submit(page, page.getByRole('button', { name: '签收', exact: true }), 'ReceiveReferral');
    await expect.poll(() => referralState(page)).toBe('RECEIVED');
  });

  it('answering needs text; the answer is saved', async () => {
    const { page } = housing;
    await page.getByRole('button', { name: '提交答复' }).tap();
    await expect.poll(() => page.locator('#answer-answer-error').textContent()).toBe('请填写此项。');
    await page.getByLabel('答复内容').fill(answer);
    await submit(page, page.getByRole('button', { name: '提交答复' }), 'AnswerReferral');
    await expect.poll(() => referralState(page)).toBe('ANSWERED');
    expect(await page.locator('[data-field="answer"]').textContent()).toBe(answer);
    expect(await page.locator('[data-list="referral-events"] li[data-action="ANSWER"]').count()).toBe(1);
    await accessible(page);
  });

  it('the officer sees the answer on the item page', async () => {
    const { page } = officer;
    await page.goto(`/items/${itemId}`);
    const row = page.locator(`[data-section="item-referrals"] [data-referral-id="${referralId}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('ANSWERED');
    expect(await row.locator('[data-field="answer"]').textContent()).toBe(`答复：${answer}`);
    expect(await row.locator('[data-field="answer-clock"]').textContent()).toMatch(/^已于 .+ 答复$/);
    // And on the item's own timeline.
    const answered = page.locator('[data-list="timeline"] li[data-action="REFERRAL_ANSWERED"]');
    await expect.poll(() => answered.count()).toBe(1);
    expect(await answered.textContent()).toContain('部门答复');
    expect(await answered.textContent()).toContain(answer);
    await accessible(page, 'partners-item-answered-360');
  });
});

describe.sequential('(b) a referral returned with a reason shows the reason and its clock', () => {
  const reason = `e2e ${stamp} 经核实系家庭自住，不属于群租。`;
  let referralId: string;

  it('the partner returns it with a reason (needed)', async () => {
    const item = await itemInVerification(`e2e ${stamp} 怀疑群租（退回）`, 'B3');
    referralId = (await referThroughApi(item.id, housingDept.id, '疑似群租，请核查。')).id;
    const { page } = housing;
    await page.goto(`/referrals/${referralId}`);
    await expect.poll(() => referralState(page), { timeout: 10_000 }).toBe('SENT');
    if (await page.getByRole('button', { name: '签收', exact: true }).count()) {
      await submit(page, page.getByRole('button', { name: '签收', exact: true }), 'ReceiveReferral');
      await expect.poll(() => referralState(page)).toBe('RECEIVED');
    }
    const returnButton = page.locator('form[data-action="return"] button[type="submit"]');
    await returnButton.tap();
    await expect.poll(() => page.locator('#return-reason-error').textContent()).toBe('请填写此项。');
    await page.getByLabel('退回理由').fill(reason);
    await submit(page, returnButton, 'ReturnReferral');
    await expect.poll(() => referralState(page)).toBe('RETURNED');
    expect(await page.locator('[data-field="return-reason"]').textContent()).toBe(reason);
    expect(await page.locator('[data-section="outcome"]').textContent()).toMatch(/退回于/);
    expect(await page.locator('[data-field="answer-clock"]').textContent()).toMatch(/^已于 .+ 退回$/);
    expect(await page.locator('[data-field="answer-due"]').textContent()).toBeTruthy();
    await accessible(page, 'partners-returned-360');
  });

  it('the officer reads the reason and the clocks, and sends it again', async () => {
    const { page } = officer;
    await page.goto(`/referrals/${referralId}`);
    await expect.poll(() => referralState(page), { timeout: 10_000 }).toBe('RETURNED');
    expect(await page.locator('[data-field="return-reason"]').textContent()).toBe(reason);
    expect(await page.locator('[data-field="answer-clock"]').textContent()).toMatch(/^已于 .+ 退回$/);
    expect(await page.locator('[data-field="transfer-clock"]').textContent()).toMatch(/转办时限/);
    expect(await page.locator('[data-field="sends"]').textContent()).toBe('1 次');
    expect(await page.locator('[data-list="referral-events"] li[data-action="RETURN"]').textContent()).toContain(reason);
    await accessible(page, 'partners-returned-officer-360');

    await page.getByLabel('补充说明').fill('已补充现场照片和租客名单，请再核查。');
    await submit(page, page.locator('form[data-action="resend"] button[type="submit"]'), 'ResendReferral');
    await expect.poll(() => referralState(page)).toBe('SENT');
    expect(await page.locator('[data-field="sends"]').textContent()).toBe('2 次');
  });
});

describe.sequential('(c) a joint action with two departments, three units and a follow-up case', () => {
  const title = `e2e ${stamp} 群租联合整治`;
  let actionId: string;
  let caseId: string;
  let caseNumber: string;
  let item: { id: string; communityId: string; unitLabel: string | null };

  it('opens a case the officer handles (through the API), then starts the action from home', async () => {
    item = await itemInVerification(`e2e ${stamp} 302室隔成多间出租（联合执法）`, 'B4');
    const opened = await gql(
      `mutation OpenCase($input: OpenCaseInput!) { openCase(input: $input) { case { id number } userErrors { code message } } }`,
      { input: { itemIds: [item.id], facts: '当事人按床位出租，居住人数明显超标。', parties: [{ kind: 'OWNER', name: 'e2e房东' }] } },
      await apiToken('officer'),
    );
    expect(opened.openCase.userErrors).toEqual([]);
    ({ id: caseId, number: caseNumber } = opened.openCase.case);

    const { page } = officer;
    await page.goto('/');
    await page.locator('a[data-link="joint-actions"]').tap();
    await expect.poll(() => h1(page)).toBe('联合执法');
    await accessible(page, 'partners-joint-list-360');
    await page.locator('a[data-action="new-joint-action"]').tap();
    await expect.poll(() => h1(page)).toBe('新建联合执法');
    await page.getByLabel('行动名称').fill(title);
    await page.getByLabel('群租', { exact: true }).check();
    const community = page.locator('#ja-communityId');
    await expect.poll(() => community.locator(`option[value="${item.communityId}"]`).count(), { timeout: 10_000 }).toBe(1);
    await community.selectOption(item.communityId);
    const depts = page.locator('[data-field="departments"] input[type="checkbox"]');
    await expect.poll(() => depts.count()).toBeGreaterThanOrEqual(2);
    // At least one department: said on the phone before anything is sent.
    await page.getByRole('button', { name: '保存', exact: true }).tap();
    await expect.poll(() => page.locator('#ja-departmentIds-error').textContent()).toBe('请至少选择一个参加部门。');
    await depts.nth(0).check();
    await depts.nth(1).check();
    await accessible(page, 'partners-joint-new-360');
    const payload = await submit(page, page.getByRole('button', { name: '保存', exact: true }), 'CreateJointAction');
    actionId = payload.action.id;
    expect(payload.action.departments).toHaveLength(2);
    await page.waitForURL(new RegExp(`/joint-actions/${actionId}$`));
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(title);
  });

  it('adds three units, one linked to the case', async () => {
    const { page } = officer;
    const unitSelect = page.locator('#au-unitId');
    await expect.poll(() => unitSelect.locator('option').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    const labels = (await unitSelect.locator('option').allTextContents()).slice(1);
    // The case's own unit first (when the item named one), then two others.
    const caseUnit = item.unitLabel && labels.includes(item.unitLabel) ? item.unitLabel : labels[0]!;
    const others = labels.filter((l) => l !== caseUnit).slice(0, 2);
    const plan = [
      { unit: caseUnit, finding: '一室隔成四间，住12人', outcome: '存在违法', caseNumber },
      { unit: others[0]!, finding: '当场拆除隔断', outcome: '当场整改', caseNumber: '' },
      { unit: others[1]!, finding: '家庭自住，未发现群租', outcome: '未发现违法', caseNumber: '' },
    ];
    for (const [i, u] of plan.entries()) {
      await unitSelect.selectOption({ label: u.unit });
      await page.getByLabel('检查情况').fill(u.finding);
      await page.getByLabel(u.outcome, { exact: true }).check();
      if (u.caseNumber) await page.getByLabel(/^后续案件编号/).fill(u.caseNumber);
      await submit(page, page.getByRole('button', { name: '添加', exact: true }), 'AddJointActionUnit');
      await expect.poll(() => page.locator('[data-list="joint-units"] > li').count()).toBe(i + 1);
    }
    const linked = page.locator('[data-list="joint-units"] > li[data-outcome="VIOLATION"]');
    expect(await linked.locator('[data-field="case"] a').getAttribute('href')).toBe(`/cases/${caseId}`);
    expect(await linked.locator('[data-field="case"]').textContent()).toContain(caseNumber);
    // 回头看: a violation gets one by default.
    expect(await linked.locator('[data-field="recheck-due"]').count()).toBe(1);
    await page.locator('[data-list="joint-units"]').scrollIntoViewIfNeeded();
    await accessible(page, 'partners-joint-action-360');
  });

  it('the partner reads the action: the case by number only, no forms', async () => {
    const { page } = housing;
    await tab(page, '联合执法').tap();
    await expect.poll(() => h1(page)).toBe('联合执法');
    const row = page.locator(`[data-joint-action-id="${actionId}"]`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('a[data-action="new-joint-action"]').count()).toBe(0);
    await row.getByRole('link', { name: title }).tap();
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(title);
    await expect.poll(() => page.locator('[data-list="joint-units"] > li').count()).toBe(3);
    expect(await page.locator('[data-list="joint-units"] [data-field="case"]').textContent()).toContain(caseNumber);
    expect(await page.locator('[data-list="joint-units"] a[data-case-id]').count()).toBe(0);
    expect(await page.locator('main form').count()).toBe(0);
    await accessible(page, 'partners-joint-action-housing-360');
  });
});

describe.sequential('(d) the partner’s own referral, the affordable-housing table, and the printed letter', () => {
  it('移送城管: checked on the phone, then sent; it opens as 我方移送', async () => {
    const { page } = housing;
    await page.goto('/');
    await page.locator('a[data-link="refer-to-bureau"]').tap();
    await expect.poll(() => h1(page)).toBe('移送城管');
    await page.getByRole('button', { name: '移送', exact: true }).tap();
    await expect.poll(() => page.locator('#rb-communityId-error').count()).toBe(1);
    const community = page.locator('#rb-communityId');
    await expect.poll(() => community.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    await community.selectOption({ index: 1 });
    const unit = page.locator('#rb-unitId');
    await expect.poll(() => unit.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    await unit.selectOption({ index: 1 });
    await page.getByLabel('情况描述').fill(`e2e ${stamp} 房管巡查发现：群租，隔成6间`);
    await page.getByLabel('移送理由').fill('擅自分隔出租，属城管执法事项。');
    await page.getByLabel(/^部门文号/).fill(`长房管移〔2026〕${stamp.slice(-4)}号`);
    await accessible(page, 'partners-refer-to-bureau-360');
    const payload = await submit(page, page.getByRole('button', { name: '移送', exact: true }), 'ReferToBureau');
    expect(payload.referral.direction).toBe('INCOMING');
    await page.waitForURL(new RegExp(`/referrals/${payload.referral.id}$`));
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(payload.referral.reference);
    expect(await page.locator('[data-field="direction"]').textContent()).toBe('我方移送');
    expect(await page.locator('[data-field="external-reference"]').textContent()).toContain('长房管移');
  });

  it('the affordable-housing table fits the phone', async () => {
    const { page } = housing;
    await page.goto('/affordable-housing');
    await expect.poll(() => h1(page)).toBe('保障性租赁住房');
    await expect
      .poll(() => page.locator('[data-list="affordable"], [data-field="affordable-empty"]').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: '本年' }).tap();
    await accessible(page, 'partners-affordable-360');
  });

  it('the letter for a department without accounts: reference and department on it; print hides the chrome', async () => {
    const paper = departments.find((d) => !d.inApp);
    if (!paper) throw new Error(`the demo district has no department answering on paper: ${JSON.stringify(departments)}`);
    const item = await itemInVerification(`e2e ${stamp} 乱张贴小广告（书面转办）`, 'C7');
    const { id, reference } = await referThroughApi(item.id, paper.id, '不属于城管执法职责，请贵单位依法处理。');
    const { page } = officer;
    await page.goto(`/referrals/${id}`);
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(reference);
    await page.locator('a[data-link="letter"]').tap();
    await expect.poll(() => h1(page)).toBe('转办函');
    const doc = page.locator('[data-document="referral-letter"]');
    await expect.poll(() => doc.count(), { timeout: 10_000 }).toBe(1);
    expect(await doc.locator('[data-field="reference"]').textContent()).toBe(reference);
    expect(await doc.locator('[data-field="addressee"]').textContent()).toBe(`${paper.name}：`);
    expect(await doc.textContent()).toContain('长宁区城市管理行政执法局');
    expect(await doc.textContent()).toMatch(/请于\d{4}年\d{1,2}月\d{1,2}日前函复/);
    expect(await doc.textContent()).toContain('不属于城管执法职责');
    await accessible(page, 'partners-letter-360');

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').first().isVisible()).toBe(false);
    expect(await page.locator('header.bar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    expect(await doc.isVisible()).toBe(true);
    const colours = await doc.evaluate((el) => {
      const s = getComputedStyle(el);
      return [s.color, s.backgroundColor];
    });
    expect(colours).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
    await page.pdf?.({ path: `${outDir}referral-letter.pdf`, format: 'A4' }).catch(() => undefined);
    await page.screenshot({ path: `${outDir}referral-letter-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // The department's written answer arrives: the officer records it for them.
    await page.goto(`/referrals/${id}`);
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(reference);
    await expect.poll(() => page.locator('[data-section="steps"]').count()).toBe(1);
    if (await page.getByRole('button', { name: '签收', exact: true }).count()) {
      await submit(page, page.getByRole('button', { name: '签收', exact: true }), 'ReceiveReferral');
      await expect.poll(() => referralState(page)).toBe('RECEIVED');
    }
    await expect.poll(() => page.getByRole('heading', { name: '登记部门的书面答复' }).count()).toBe(1);
    await page.getByLabel('答复内容').fill('书面答复：已立案调查。');
    await submit(page, page.getByRole('button', { name: '提交答复' }), 'AnswerReferral');
    await expect.poll(() => referralState(page)).toBe('ANSWERED');
    expect(await page.locator('[data-list="referral-events"] li[data-action="ANSWER"]').textContent()).toContain('代为登记');
  });

  it('the officer’s referral list: both directions, accessible', async () => {
    const { page } = officer;
    await page.goto('/');
    await page.locator('a[data-link="referrals"]').tap();
    await expect.poll(() => h1(page)).toBe('转办与移送');
    await expect.poll(() => page.locator('[data-list="referrals"] > li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // A pressed chip shows a tick (CSS ::before), which is part of its accessible name: match the end.
    const all = page.getByRole('group', { name: '方向' }).getByRole('button', { name: /全部$/ });
    expect(await all.getAttribute('aria-pressed')).toBe('true');
    await accessible(page, 'partners-officer-list-360');
  });
});
