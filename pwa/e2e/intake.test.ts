// Intake and the closed loop in the browser, against the real server (SPEC §4, §5):
// (a) a resident files offline, the outbox sends it once back online, the officer takes it through
//     accept → verify → resolve → reply, the resident sees each step and rates it unsatisfied (reopened);
// (b) a property report needs its dissuasion record: client-side first, the server's userError if bypassed;
// (c) axe: no violations on the filing form and the inbox.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  DEMO_PASSWORD,
  axeViolations,
  graphqlExchange,
  launchPhone,
  loginThroughUi,
  outDir,
  smallTapTargets,
  waitForServiceWorkerControl,
  type Phone,
} from './browser';

const WIDTH = 360;
const HEIGHT = 740;

let baseUrl: string;
let resident: Phone;
let officer: Phone;
let property: Phone;

/** A GraphQL call from the test itself (not the page), to look at what the server holds. */
async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Accept-Language': 'zh-CN',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
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

async function myItemsWith(token: string, description: string) {
  const data = await gql<{ myItems: { edges: { node: { id: string; status: string; description: string; reopened: boolean } }[] } }>(
    `query MyItems { myItems(first: 100) { edges { node { id status description reopened } } } }`,
    {},
    token,
  );
  return data.myItems.edges.map((e) => e.node).filter((n) => n.description === description);
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const tab = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });

async function signIn(phone: Phone, login: string) {
  const { page } = phone;
  await page.goto('/');
  await expect.poll(() => h1(page)).toBe('登录共治');
  const { body } = await loginThroughUi(page, login, DEMO_PASSWORD);
  expect(body.data?.login?.userErrors).toEqual([]);
  await expect.poll(() => h1(page)).toMatch(/^你好，/);
  return body.data.login.session.user as { id: string; displayName: string; scope: { label: string } };
}

beforeAll(async () => {
  baseUrl = inject('baseUrl');
  [resident, officer, property] = await Promise.all([
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
  ]);
});

afterAll(async () => {
  await Promise.all([resident?.close(), officer?.close(), property?.close()]);
});

describe.sequential('(a) offline complaint → closed loop → unsatisfied rating', () => {
  const description = `e2e ${Date.now()}：2号楼楼道堆放纸箱和旧家具，堵住了消防通道。`;
  let itemId: string;
  let residentToken: string;

  it('resident opens the filing form: matters grouped, home prefilled, no axe violations', async () => {
    const { page } = resident;
    await signIn(resident, 'resident');
    await waitForServiceWorkerControl(page);
    await tab(page, '我要反映').tap();
    await expect.poll(() => h1(page)).toBe('我要反映');

    const matter = page.getByLabel('问题类别');
    await expect.poll(() => matter.locator('optgroup').count()).toBeGreaterThanOrEqual(3);
    expect(await matter.locator('option').first().textContent()).toBe('不确定，由执法队员判断');
    // The home unit is preselected (resolved from the account's home).
    const unit = page.getByLabel(/^楼栋和房号/);
    await expect.poll(() => unit.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '')).toMatch(/1号楼 101/);

    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: `${outDir}file-360.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('offline: the complaint is queued on the phone and listed as 待发送 1 条', async () => {
    const { page, context } = resident;
    residentToken = await apiToken('resident');
    await context.setOffline(true);
    await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);

    // A7 擅自改建、占用物业共用部分 (corridor hoarding): not a mandatory-case matter, so it may be
    // resolved without a case.
    await page.getByLabel('问题类别').selectOption('A7');
    await page.getByLabel(/^问题描述/).fill(description);
    await page.getByLabel(/^涉及公共安全/).check();
    await page.getByRole('button', { name: '提交', exact: true }).tap();

    await expect.poll(() => page.getByRole('status').filter({ hasText: '已保存在本机' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('link', { name: /待发送 1 条/ }).count()).toBe(1);
    // The draft is gone from the form (it lives in the outbox now).
    expect(await page.getByLabel(/^问题描述/).inputValue()).toBe('');

    await tab(page, '我的反映').tap();
    await expect.poll(() => h1(page)).toBe('我的反映');
    const queued = page.locator('[data-outbox-state="queued"]');
    await expect.poll(() => queued.count()).toBe(1);
    expect(await queued.textContent()).toContain(description);
    await page.screenshot({ path: `${outDir}outbox-queued-360.png`, fullPage: true });

    // Nothing reached the server.
    expect(await myItemsWith(residentToken, description)).toEqual([]);
  });

  it('back online: sent once with its idempotency key, and listed under 我的反映', async () => {
    const { page, context } = resident;
    await context.setOffline(false);
    // Sent by the page (online event) or the service worker (Background Sync), whichever comes first.
    await expect.poll(() => page.locator('[data-outbox-state]').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => page.getByRole('link', { name: /待发送/ }).count()).toBe(0);

    const stored = await myItemsWith(residentToken, description);
    expect(stored).toHaveLength(1);
    itemId = stored[0]!.id;
    expect(stored[0]!.status).toBe('SUBMITTED');

    const card = page.locator(`[data-list="my-items"] [data-item-id="${itemId}"]`);
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.locator('[data-status]').first().textContent()).toBe('待受理');
    // Reloading and replaying again does not file it twice.
    await page.reload();
    await expect.poll(() => h1(page)).toBe('我的反映');
    await expect.poll(() => card.count()).toBe(1);
    expect(await myItemsWith(residentToken, description)).toHaveLength(1);
  });

  it('officer: the item is in the inbox (no axe violations) and is accepted in bulk', async () => {
    const { page } = officer;
    await signIn(officer, 'officer');
    await tab(page, '待办').tap();
    await expect.poll(() => h1(page)).toBe('待办');
    const card = page.locator(`[data-list="inbox"] [data-item-id="${itemId}"]`);
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    // Public safety raises priority: the flag is shown in words.
    expect(await card.textContent()).toContain('公共安全');
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: `${outDir}inbox-360.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await card.getByRole('checkbox').check();
    const accepted = graphqlExchange(page, 'AcceptItems');
    await page.getByRole('button', { name: '受理所选（1）' }).tap();
    const { body } = await accepted;
    expect(body.data.acceptItems.userErrors).toEqual([]);
    expect(body.data.acceptItems.items.map((i: { id: string }) => i.id)).toEqual([itemId]);
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已受理 1 件。' }).count()).toBe(1);
  });

  it('officer: starts verification, resolves with no violation found, replies', async () => {
    const { page } = officer;
    await page.goto(`/items/${itemId}`);
    const screen = page.locator(`.screen[data-item-id="${itemId}"]`);
    await expect.poll(() => screen.getAttribute('data-status')).toBe('ACCEPTED');

    await page.getByLabel(/^备注/).fill('已联系物业，明早到现场核查。');
    await page.getByRole('button', { name: '开始核查' }).tap();
    await expect.poll(() => screen.getAttribute('data-status')).toBe('VERIFYING');

    await page.getByLabel('未发现违法行为').check();
    await page.getByLabel('处置说明').fill('现场核查：杂物已由物业清理，消防通道畅通，未发现违法行为。');
    await page.getByRole('button', { name: '保存处置结果' }).tap();
    await expect.poll(() => screen.getAttribute('data-status')).toBe('RESOLVED');
    expect(await page.locator('[data-field="resolution"]').textContent()).toBe('未发现违法行为');

    await page.getByLabel('给反映人的答复').fill('您好，经现场核查，杂物已清理，消防通道已畅通。感谢您的反映。');
    await page.getByRole('button', { name: '发送答复' }).tap();
    await expect.poll(() => screen.getAttribute('data-status')).toBe('REPLIED');
    await page.screenshot({ path: `${outDir}item-officer-360.png`, fullPage: true });
  });

  it('resident: sees every step in the timeline, rates unsatisfied, and the item is reopened', async () => {
    const { page } = resident;
    await tab(page, '我的反映').tap();
    const card = page.locator(`[data-list="my-items"] [data-item-id="${itemId}"]`);
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('REPLIED');
    await card.getByRole('link').tap();

    const screen = page.locator(`.screen[data-item-id="${itemId}"]`);
    await expect.poll(() => screen.getAttribute('data-status')).toBe('REPLIED');
    const steps = page.locator('[data-list="timeline"] > li');
    await expect.poll(() => steps.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-action')))).toEqual([
      'SUBMITTED',
      'ACCEPT',
      'START_VERIFICATION',
      'RESOLVE',
      'REPLY',
    ]);
    expect(await steps.allTextContents()).toEqual([
      expect.stringContaining('提交'),
      expect.stringContaining('受理'),
      expect.stringContaining('开始核查'),
      expect.stringContaining('处置完毕'),
      expect.stringContaining('答复'),
    ]);
    expect(await page.locator('[data-field="reply"]').textContent()).toContain('消防通道已畅通');

    await page.getByLabel('不满意').check();
    await page.getByLabel(/^意见/).fill('楼道里还有杂物，请再看一下。');
    const rated = graphqlExchange(page, 'RateItem');
    await page.getByRole('button', { name: '提交评价' }).tap();
    expect((await rated).body.data.rateItem.userErrors).toEqual([]);

    await expect.poll(() => page.locator('[data-flag="reopened"]').count()).toBe(1);
    expect(await page.locator('[data-field="rating"]').textContent()).toBe('不满意');
    await expect.poll(() => steps.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-action')))).toEqual(
      expect.arrayContaining(['RATE', 'REOPENED']),
    );
    await page.screenshot({ path: `${outDir}item-reopened-360.png`, fullPage: true });
    const [stored] = await myItemsWith(residentToken, description);
    expect(stored?.reopened).toBe(true);
  });

  it('resident: filing the same point again offers "me too" on the open item instead', async () => {
    const { page } = resident;
    await tab(page, '我要反映').tap();
    await expect.poll(() => h1(page)).toBe('我要反映');
    await expect.poll(() => page.getByLabel('问题类别').locator('option[value="A7"]').count()).toBe(1);
    await page.getByLabel('问题类别').selectOption('A7');
    await page.getByLabel(/^问题描述/).fill(`${description}（再次反映）`);
    await page.getByRole('button', { name: '提交', exact: true }).tap();

    await expect.poll(() => h1(page)).toBe('已有人反映过类似问题');
    const hint = page.locator(`[data-item-id="${itemId}"]`);
    await expect.poll(() => hint.count()).toBe(1);
    await page.screenshot({ path: `${outDir}similar-360.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    const joined = graphqlExchange(page, 'JoinItem');
    await hint.getByRole('button', { name: '我也遇到了' }).tap();
    expect((await joined).body.data.joinItem.userErrors).toEqual([]);
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已加入' }).count()).toBe(1);
    // No second item was filed.
    expect(await myItemsWith(residentToken, `${description}（再次反映）`)).toEqual([]);
  });
});

describe.sequential('(b) property report without its dissuasion record', () => {
  it('cannot be submitted: the client marks the required fields and sends nothing', async () => {
    const { page } = property;
    await signIn(property, 'property');
    await tab(page, '物业报告').tap();
    await expect.poll(() => h1(page)).toBe('物业报告');

    const community = page.getByLabel('小区', { exact: true });
    await expect.poll(() => community.locator('option').count()).toBeGreaterThan(1);
    await community.selectOption({ label: '安化小区' });
    await page.getByLabel(/^问题描述/).fill('3号楼 201 室正在拆除承重墙，劝阻无效。');

    let sent = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.postData()?.includes('FilePropertyReport')) sent++;
    });
    await page.getByRole('button', { name: '提交', exact: true }).tap();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '还有 4 项需要填写。' }).count()).toBe(1);
    for (const label of [/^劝阻时间/, /^劝阻方式/, /^劝阻人/, /^业主答复/]) {
      expect(await page.getByLabel(label).getAttribute('aria-invalid')).toBe('true');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-dissuasionAt');
    await page.screenshot({ path: `${outDir}property-required-360.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(sent).toBe(0);
  });

  it('with the client check bypassed, the server refuses it and its message is shown', async () => {
    const { page } = property;
    await page.evaluate(() => document.querySelectorAll('[required]').forEach((el) => el.removeAttribute('required')));
    const exchange = graphqlExchange(page, 'FilePropertyReport');
    await page.getByRole('button', { name: '提交', exact: true }).tap();
    const { body } = await exchange;
    const errors = body.data?.filePropertyReport?.userErrors ?? [];
    expect(body.data?.filePropertyReport?.item).toBeNull();
    expect(errors.length).toBeGreaterThan(0);
    const message = errors.map((e: { message: string }) => e.message).join(' ');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: message }).count()).toBe(1);
    expect(await page.getByRole('alert').filter({ hasText: message }).textContent()).toBe(`未能提交：${message}`);
    // The text is still in the form, and nothing is left pending in the outbox.
    expect(await page.getByLabel(/^问题描述/).inputValue()).toContain('承重墙');
    expect(await page.locator('[data-outbox-queued]').getAttribute('data-outbox-queued')).toBe('0');
    await page.screenshot({ path: `${outDir}property-refused-360.png`, fullPage: true });
  });
});

describe('(a′) Background Sync', () => {
  it('the service worker sends what the page queued, with no page of the app open', async () => {
    const phone = await launchPhone(baseUrl, { width: WIDTH, height: HEIGHT });
    try {
      const { page, context } = phone;
      const description = `e2e ${Date.now()}：后台同步发送的投诉。`;
      await signIn(phone, 'resident');
      await waitForServiceWorkerControl(page);
      await tab(page, '我要反映').tap();
      await expect.poll(() => page.getByLabel('问题类别').locator('optgroup').count()).toBeGreaterThan(0);

      await context.setOffline(true);
      await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
      await page.getByLabel(/^问题描述/).fill(description);
      await page.getByRole('button', { name: '提交', exact: true }).tap();
      await expect.poll(() => page.getByRole('link', { name: /待发送 1 条/ }).count()).toBe(1);

      // Only the service worker is left to send it.
      const blank = await context.newPage();
      await page.close();
      const token = await apiToken('resident');
      expect(await myItemsWith(token, description)).toEqual([]);
      await context.setOffline(false);
      await expect.poll(() => myItemsWith(token, description).then((l) => l.length), { timeout: 30_000 }).toBe(1);
      await blank.close();
    } finally {
      await phone.close();
    }
  });
});
