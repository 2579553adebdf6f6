// The renovation pilot in the browser, against the real server (SPEC §8): the property firm
// registers a high-risk renovation in 安化小区, records the signed notice/commitment (with a photo
// of the signed page), starts work, logs a patrol, logs one offline (sent once back online), logs
// a patrol with a violation, fails to dissuade and reports it (dissuasion record and a photo,
// through the outbox); the officer finds the report in the inbox, linked to the registration,
// and opens the registration read-only; the resident sees the building's renovation notice.
// Other files run against the same server: this one uses its own unit (安化小区 1号楼 202).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, axeViolations, graphqlExchange, launchPhone, loginThroughUi, outDir, smallTapTargets, type Phone } from './browser';
import { makeJpegInPage } from './images';

const WIDTH = 360;
const HEIGHT = 740;
const RESIDENT_LOGIN = '13900000001';
const UNIT = '1号楼 202';

let baseUrl: string;
let firm: Phone;
let officer: Phone;
let resident: Phone;

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

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const tab = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });
const status = (page: Page) => page.locator('.screen[data-renovation-id]').getAttribute('data-status');
const dateIn = (days: number) => {
  // Shanghai's calendar day (the phones run in Asia/Shanghai).
  const d = new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000);
  return d.toISOString().slice(0, 10);
};

async function signIn(phone: Phone, login: string) {
  const { page } = phone;
  await page.goto('/');
  await expect.poll(() => h1(page)).toBe('登录共治');
  const { body } = await loginThroughUi(page, login, DEMO_PASSWORD);
  expect(body.data?.login?.userErrors).toEqual([]);
  await expect.poll(() => h1(page)).toMatch(/^你好，/);
}

/** Waits for the next multipart /graphql answer (a request with files) and returns its JSON. */
function multipartAnswer(page: Page) {
  return page
    .waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().headers()['content-type'] ?? '').startsWith('multipart/form-data'))
    .then((r) => r.json() as Promise<any>);
}

beforeAll(async () => {
  baseUrl = inject('baseUrl');
  [firm, officer, resident] = await Promise.all([
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
  ]);
});

afterAll(async () => {
  await Promise.all([firm?.close(), officer?.close(), resident?.close()]);
});

describe.sequential('a high-risk renovation, from registration to a report the officer receives', () => {
  let renovationId: string;
  let itemId: string;
  const stamp = Date.now();
  const violationText = `e2e ${stamp}：卫生间正在凿除原防水层并移位下水管。`;

  it('the firm registers it: the end date is checked, any risk box makes it high-risk', async () => {
    const { page } = firm;
    await signIn(firm, 'property');
    await tab(page, '装修').tap();
    await expect.poll(() => h1(page)).toBe('装修登记');
    await page.getByRole('link', { name: '新增装修登记' }).tap();
    await expect.poll(() => h1(page)).toBe('新增装修登记');

    const community = page.getByLabel('小区', { exact: true });
    await expect.poll(() => community.locator('option', { hasText: '安化小区' }).count(), { timeout: 10_000 }).toBe(1);
    await community.selectOption({ label: '安化小区' });
    await page.getByLabel('楼栋和房号').selectOption({ label: UNIT });
    await page.getByLabel('业主姓名').fill('赵某某');
    await page.getByLabel(/^业主电话/).fill('13900000088');
    await page.getByLabel('施工单位或负责人').fill('好家装饰 钱师傅');
    await page.getByLabel('计划开工日期').fill(dateIn(0));
    await page.getByLabel('计划完工日期').fill(dateIn(-1));
    await page.getByLabel('装修内容').fill('卫生间和厨房改造，更换地砖。');
    expect(await page.locator('[data-field="risk-result"]').textContent()).toBe('一般装修。');
    await page.getByLabel('改动防水层（卫生间、厨房、阳台）').check();
    expect(await page.locator('[data-field="risk-result"]').textContent()).toBe('高风险装修：须加密巡查。');

    // An end before the start: said on the end date, nothing sent.
    await page.getByRole('button', { name: '提交登记' }).tap();
    await expect.poll(() => page.getByText('完工日期不能早于开工日期。').count()).toBe(1);
    expect(await page.getByLabel('计划完工日期').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${outDir}renovation-register-360.png`, fullPage: true });
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('计划完工日期').fill(dateIn(30));
    const registered = graphqlExchange(page, 'RegisterRenovation');
    await page.getByRole('button', { name: '提交登记' }).tap();
    const { body } = await registered;
    expect(body.errors ?? []).toEqual([]);
    expect(body.data.registerRenovation.userErrors).toEqual([]);
    renovationId = body.data.registerRenovation.renovation.id;
    expect(body.data.registerRenovation.renovation).toMatchObject({ highRisk: true, status: 'REGISTERED', unitLabel: UNIT });
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe(`/renovations/${renovationId}`);
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(`安化小区 ${UNIT}`);
    expect(await page.locator('[data-flag="high-risk"]').first().textContent()).toBe('高风险');
  });

  it('start work waits for the notice and commitment; recorded with the signed page, then work starts', async () => {
    const { page } = firm;
    const start = page.getByRole('button', { name: '开工', exact: true });
    expect(await start.isDisabled()).toBe(true);
    expect(await page.locator('[data-field="start-blocked"]').textContent()).toBe('须先记录业主签署的告知书和承诺书，才能开工。');

    const jpeg = await makeJpegInPage(page, 1200, 1600);
    await page.getByLabel('拍摄签字页').setInputFiles([{ name: 'signed.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
    await expect.poll(() => page.getByRole('img', { name: '待上传的照片' }).count()).toBe(1);
    const answered = multipartAnswer(page);
    await page.getByRole('button', { name: '记录告知承诺' }).tap();
    const answer = await answered;
    expect(answer.errors ?? []).toEqual([]);
    expect(answer.data.recordRenovationAgreement.userErrors).toEqual([]);
    await expect.poll(() => status(page)).toBe('AGREED');
    expect(await page.locator('[data-step="agreement"]').getAttribute('data-step-state')).toBe('done');
    expect(await page.getByRole('link', { name: '查看签字页照片' }).count()).toBe(1);

    const started = graphqlExchange(page, 'StartRenovation');
    await page.getByRole('button', { name: '开工', exact: true }).tap();
    const { body } = await started;
    expect(body.data.startRenovation.userErrors).toEqual([]);
    await expect.poll(() => status(page)).toBe('STARTED');
    expect(await page.locator('[data-field="next-patrol"]').textContent()).toMatch(/^下次巡查：/);
  });

  it('logs a patrol; one offline waits on the phone and is sent once back online', async () => {
    const { page, context } = firm;
    const form = page.locator('form[data-action="PATROL"]');
    await form.getByLabel('巡查情况').fill('现场正在拆除厨房旧橱柜，未涉及防水层。');
    await form.getByLabel('未发现').check();
    await form.getByRole('button', { name: '记录巡查' }).tap();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '巡查已记录。' }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-list="patrols"] [data-patrol-id]').count(), { timeout: 10_000 }).toBe(1);

    await context.setOffline(true);
    await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
    await form.getByLabel('巡查情况').fill(`e2e ${stamp}：楼道内堆放建筑垃圾，已要求当日清运。`);
    await form.getByLabel('未发现').check();
    await form.getByRole('button', { name: '记录巡查' }).tap();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '巡查已保存在本机' }).count()).toBe(1);
    await expect.poll(() => page.locator('[data-list="patrols"] [data-outbox-state="queued"]').count()).toBe(1);
    await context.setOffline(false);
    await expect.poll(() => page.locator('[data-list="patrols"] [data-outbox-key]').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-list="patrols"] [data-patrol-id]').count(), { timeout: 10_000 }).toBe(2);
    const held = await gql(`query R($id: ID!) { renovation(id: $id) { patrols { findings } } }`, { id: renovationId }, await apiToken('property'));
    expect(held.renovation.patrols.filter((p: { findings: string }) => p.findings.startsWith(`e2e ${stamp}`))).toHaveLength(1);
  });

  it('logs a patrol with a violation (with a photo); the report action appears', async () => {
    const { page } = firm;
    const form = page.locator('form[data-action="PATROL"]');
    expect(await page.locator('[data-section="report"]').count()).toBe(0);
    await form.getByLabel('巡查情况').fill(violationText);
    await form.getByLabel('发现违规').check();
    const jpeg = await makeJpegInPage(page, 1600, 1200);
    await form.getByLabel('拍照').setInputFiles([{ name: 'patrol.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
    await expect.poll(() => form.getByRole('img', { name: '待上传的照片' }).count()).toBe(1);
    const answered = multipartAnswer(page);
    await form.getByRole('button', { name: '记录巡查' }).tap();
    const answer = await answered;
    expect(answer.errors ?? []).toEqual([]);
    expect(answer.data.logRenovationPatrol.userErrors).toEqual([]);
    await expect.poll(() => page.locator('[data-list="patrols"] [data-violation="true"][data-patrol-id]').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-list="patrols"] [data-violation="true"] img').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-section="report"]').count()).toBe(1);
  });

  it('dissuasion fails: one action reports it with the record and a photo, linked to the registration', async () => {
    const { page } = firm;
    await page.locator('summary', { hasText: '填写劝阻记录并报告' }).tap();
    const form = page.locator('form[data-action="REPORT_FINDING"]');
    await form.getByLabel(/^问题类别/).selectOption('A3');
    await form.getByLabel('违规情况').fill(`${violationText}业主拒绝停工。`);
    await form.getByLabel('劝阻时间').fill(await page.evaluate(() => {
      const d = new Date(Date.now() - 30 * 60_000);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    }));
    await form.getByLabel('劝阻方式（如口头劝阻、书面告知）').fill('口头劝阻并送达书面整改通知');
    await form.getByLabel('劝阻人').fill('物业 陈经理');
    await form.getByLabel('业主答复').fill('业主称工期紧，拒绝停工恢复。');
    const jpeg = await makeJpegInPage(page, 1200, 900);
    await form.locator('input[data-photo-input="gallery"]').setInputFiles([{ name: 'finding.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
    await expect.poll(() => form.locator('[data-photo-count]').getAttribute('data-photo-count')).toBe('1');
    await page.screenshot({ path: `${outDir}renovation-report-360.png`, fullPage: true });
    const answered = multipartAnswer(page);
    await form.getByRole('button', { name: '报告执法部门' }).tap();
    const answer = await answered;
    expect(answer.errors ?? []).toEqual([]);
    expect(answer.data.reportRenovationFinding.userErrors).toEqual([]);
    itemId = answer.data.reportRenovationFinding.item.id;
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已报告执法部门。' }).count()).toBe(1);
    await expect.poll(() => page.locator(`[data-list="reports"] a[href="/items/${itemId}"]`).count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: `${outDir}renovation-firm-360.png`, fullPage: true });
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the officer sees the report in the inbox; its page links to the registration, which opens read-only', async () => {
    const { page } = officer;
    await signIn(officer, 'officer');
    await tab(page, '待办').tap();
    await expect.poll(() => h1(page)).toBe('待办');
    await expect.poll(() => page.locator(`a[href="/items/${itemId}"]`).count(), { timeout: 10_000 }).toBe(1);
    await page.locator(`a[href="/items/${itemId}"]`).tap();
    const link = page.locator('[data-field="renovation"] a');
    await expect.poll(() => link.count(), { timeout: 10_000 }).toBe(1);
    expect(await link.getAttribute('href')).toBe(`/renovations/${renovationId}`);
    expect(await page.locator('[data-field="place"]').textContent()).toContain(UNIT);
    await page.screenshot({ path: `${outDir}renovation-item-officer-360.png`, fullPage: true });
    await link.tap();
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(`安化小区 ${UNIT}`);
    await expect.poll(() => status(page)).toBe('STARTED');
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.locator('[data-list="patrols"] [data-patrol-id]').count()).toBe(3);
    expect(await page.locator(`[data-list="reports"] a[href="/items/${itemId}"]`).count()).toBe(1);
    expect(await page.locator('[data-field="owner"]').textContent()).toContain('赵某某');
    await page.screenshot({ path: `${outDir}renovation-officer-360.png`, fullPage: true });
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the officer’s list (from home) shows it, high-risk flagged', async () => {
    const { page } = officer;
    await tab(page, '首页').tap();
    await page.getByRole('link', { name: /^装修活动管理/ }).tap();
    await expect.poll(() => h1(page)).toBe('装修登记');
    const row = page.locator(`[data-renovation-id="${renovationId}"]`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.locator('[data-flag="high-risk"]').count()).toBe(1);
    expect(await page.getByRole('link', { name: '新增装修登记' }).count()).toBe(0);
    await page.screenshot({ path: `${outDir}renovations-officer-360.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the resident’s home shows the building’s renovation notice', async () => {
    const { page } = resident;
    await signIn(resident, RESIDENT_LOGIN);
    const notice = page.locator('[data-section="renovation-notices"]');
    await expect.poll(() => notice.count(), { timeout: 10_000 }).toBe(1);
    expect(await notice.textContent()).toContain(UNIT);
    expect(await notice.textContent()).toContain('施工单位：好家装饰 钱师傅');
    expect(await notice.textContent()).not.toContain('赵某某');
    await page.screenshot({ path: `${outDir}home-renovation-notice-360.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the firm records the completion check; the registration closes', async () => {
    const { page } = firm;
    await page.locator('summary', { hasText: '竣工检查' }).tap();
    const form = page.locator('form[data-action="COMPLETE"]');
    await form.getByLabel('检查结果').fill('防水层已按原样恢复并闭水试验合格；未改动主体结构。');
    const completed = graphqlExchange(page, 'CompleteRenovation');
    await form.getByRole('button', { name: '记录竣工检查' }).tap();
    const { body } = await completed;
    expect(body.errors ?? []).toEqual([]);
    expect(body.data.completeRenovation.userErrors).toEqual([]);
    await expect.poll(() => status(page)).toBe('COMPLETED');
    expect(await page.locator('[data-step="complete"]').getAttribute('data-step-state')).toBe('done');
    expect(await page.locator('form[data-action="PATROL"]').count()).toBe(0);
  });
});
