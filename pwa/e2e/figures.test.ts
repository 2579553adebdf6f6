// Issue #6 in the browser, against the real server (SPEC §9, §11): the supervisor opens an active
// hotspot of the demo district, reads its pattern label and weekly chart, is told a plan cannot start
// before the hotspot, creates one (it then shows on the hotspot page) and opens it; exports the
// figures and a drill-down list to .xlsx; keeps the resident's community workroom up to date, which
// the resident then sees on their home; an officer writes a practice case and submits it, the
// supervisor publishes it, and the resident finds it in the library. Other files run against the
// same server at the same time: everything here is found by its own stamp, never by exact counts.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, axeViolations, graphqlExchange, launchPhone, loginThroughUi, outDir, smallTapTargets, type Phone } from './browser';

const WIDTH = 360;
const HEIGHT = 740;

let baseUrl: string;
let supervisor: Phone;
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

/** Nothing wider than the 360-px phone (a wide element makes the page pan sideways and taps miss). */
const sideways = (page: Page) => page.evaluate(() => Math.max(document.documentElement.scrollWidth, innerWidth) - 360);
const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const shanghaiDate = (days = 0) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

async function signIn(phone: Phone, login: string) {
  const { page } = phone;
  await page.goto('/');
  await expect.poll(() => h1(page)).toBe('登录共治');
  const { body } = await loginThroughUi(page, login, DEMO_PASSWORD);
  expect(body.data?.login?.userErrors).toEqual([]);
  await expect.poll(() => h1(page)).toMatch(/^你好，/);
}

beforeAll(async () => {
  baseUrl = inject('baseUrl');
  [supervisor, officer, resident] = await Promise.all([
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
    launchPhone(baseUrl, { width: WIDTH, height: HEIGHT }),
  ]);
});

afterAll(async () => {
  await Promise.all([supervisor?.close(), officer?.close(), resident?.close()]);
});

it('the supervisor, an officer and a resident sign in', async () => {
  await Promise.all([signIn(supervisor, 'supervisor'), signIn(officer, 'officer'), signIn(resident, 'resident')]);
});

describe.sequential('hotspots and a rectification plan', () => {
  const stamp = Date.now();
  const planTitle = `e2e ${stamp} 专项整治方案`;
  let hotspotId: string;
  let hotspotStartsOn: string;

  it('the supervisor opens an active hotspot: its pattern label, the rule and its numbers, the weekly chart', async () => {
    const { page } = supervisor;
    await page.goto('/');
    await page.getByRole('link', { name: /^投诉集中小区点位/ }).tap();
    await expect.poll(() => h1(page)).toBe('投诉集中小区点位');
    const active = page.locator('[data-list="hotspots"] [data-hotspot-id][data-active="true"]');
    await expect.poll(() => active.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const first = active.first();
    expect((await first.locator('[data-pattern]').textContent())?.trim()).toBeTruthy();
    hotspotId = (await first.getAttribute('data-hotspot-id'))!;
    const community = (await first.locator('a.item-link').textContent())!;
    await page.screenshot({ path: `${outDir}hotspots-360.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    const loaded = graphqlExchange(page, 'Hotspot');
    await first.locator('a.item-link').tap();
    const { body } = await loaded;
    expect(body.errors ?? []).toEqual([]);
    hotspotStartsOn = body.data.hotspot.startsOn;
    await expect.poll(() => h1(page)).toBe(community);
    const label = body.data.hotspot.pattern.labelText as string;
    expect(label).toBeTruthy();
    expect(await page.locator('.chips [data-pattern]').textContent()).toBe(label);
    expect(await page.locator('[data-field="pattern-label"]').textContent()).toBe(label);
    expect(((await page.locator('[data-field="pattern-explanation"]').textContent()) ?? '').length).toBeGreaterThan(0);
    expect(await page.locator('[data-section="pattern-numbers"] [data-field="total"] dd').textContent()).toBe(String(body.data.hotspot.pattern.total));
    if (body.data.hotspot.pattern.windowLongerThanData) {
      expect(await page.locator('[data-field="window-longer"]').count()).toBe(1);
    }
    // The weekly chart is drawn (uPlot's canvas), with the same numbers in a table.
    await expect.poll(() => page.locator('[data-chart="hotspot-weekly"] canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('[data-chart="hotspot-weekly"] tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${outDir}hotspot-360.png`, fullPage: true });
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);

    // Another window asks again.
    const again = graphqlExchange(page, 'Hotspot');
    await page.getByRole('button', { name: '近 365 天' }).tap();
    expect((await again).body.errors ?? []).toEqual([]);
  });

  it('a plan that starts before the hotspot is refused at its start date; a good one then shows on the hotspot page', async () => {
    const { page } = supervisor;
    await page.getByRole('link', { name: '新建专项整治方案' }).tap();
    await expect.poll(() => h1(page)).toBe('新建专项整治方案');
    await page.getByLabel('方案名称').fill(planTitle);
    await page.getByLabel('开始日期').fill(dayBefore(hotspotStartsOn));
    await page.getByLabel('措施内容').fill('联合居委会、物业开展入户检查');
    await page.getByLabel('责任人或责任单位').fill('第一中队');
    await page.getByLabel('完成期限').fill(shanghaiDate(30));
    const refused = graphqlExchange(page, 'CreateRectificationPlan');
    await page.getByRole('button', { name: '创建方案' }).tap();
    const { body: no } = await refused;
    expect(no.errors ?? []).toEqual([]);
    expect(no.data.createRectificationPlan.userErrors.map((e: { code: string }) => e.code)).toContain('PLAN_BEFORE_HOTSPOT');
    await expect.poll(() => page.locator('[data-error-for="startedOn"]').count()).toBe(1);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(await page.getByLabel('开始日期').getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('开始日期').fill(shanghaiDate(-14) < hotspotStartsOn ? hotspotStartsOn : shanghaiDate(-14));
    const created = graphqlExchange(page, 'CreateRectificationPlan');
    await page.getByRole('button', { name: '创建方案' }).tap();
    const { body } = await created;
    expect(body.errors ?? []).toEqual([]);
    expect(body.data.createRectificationPlan.userErrors).toEqual([]);
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe(`/hotspots/${hotspotId}`);
    const plan = page.locator('[data-list="plans"] a', { hasText: planTitle });
    await expect.poll(() => plan.count(), { timeout: 10_000 }).toBe(1);

    await plan.tap();
    await expect.poll(() => h1(page)).toBe(planTitle);
    await expect.poll(() => page.locator('[data-chart="before-after"] canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('[data-list="measures"] li').count()).toBe(1);
    await page.screenshot({ path: `${outDir}plan-360.png`, fullPage: true });
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('figures and exports', () => {
  it('the supervisor opens the figures, exports the table and a drill-down list as .xlsx', async () => {
    const { page } = supervisor;
    await page.goto('/');
    const loaded = graphqlExchange(page, 'Figures');
    await page.getByRole('link', { name: /^数据统计/ }).tap();
    await expect.poll(() => h1(page)).toBe('数据统计');
    const { body } = await loaded;
    expect(body.errors ?? []).toEqual([]);
    await expect.poll(() => page.locator('[data-list="rates"]').count(), { timeout: 10_000 }).toBe(1);
    const total = body.data.figures.total;
    const shown = await page.locator('[data-rate="responseRate"] .rate-value').textContent();
    if (total.responseRate === null) expect(shown).toBe('—');
    else expect(shown).toMatch(/^\d+(\.\d)?%$/);
    await expect.poll(() => page.locator('[data-chart="trend"] canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: `${outDir}figures-360.png`, fullPage: true });
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);

    const download = page.waitForEvent('download');
    await page.locator('[data-export="figures"] button').tap();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^figures-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const saved = join(outDir, file.suggestedFilename());
    await file.saveAs(saved);
    expect(statSync(saved).size).toBeGreaterThan(2000);
    expect(await page.locator('[data-export="figures"] [role="alert"]').textContent()).toBe('');

    // This year has items: drill into all of them, then export that list.
    const year = graphqlExchange(page, 'Figures');
    await page.getByRole('button', { name: '本年' }).tap();
    expect((await year).body.errors ?? []).toEqual([]);
    const items = graphqlExchange(page, 'FigureItems');
    await page.getByRole('link', { name: /^收到诉求 .+ 件，查看明细$/ }).tap();
    const { body: list } = await items;
    expect(list.errors ?? []).toEqual([]);
    await expect.poll(() => h1(page)).toBe('收到的全部诉求');
    if (list.data.figureItems.totalCount > 0) {
      await expect.poll(() => page.locator('[data-list="figure-items"] [data-item-id]').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-list="figure-items"] a.item-link').first().getAttribute('href')).toMatch(/^\/items\//);
    }
    const itemsDownload = page.waitForEvent('download');
    await page.locator('[data-export="items"] button').tap();
    const itemsFile = await itemsDownload;
    expect(itemsFile.suggestedFilename()).toMatch(/\.xlsx$/);
    const itemsSaved = join(outDir, itemsFile.suggestedFilename());
    await itemsFile.saveAs(itemsSaved);
    expect(statSync(itemsSaved).size).toBeGreaterThan(2000);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe.sequential('the community workroom', () => {
  const stamp = Date.now();
  const hours = `每周三 9:00–11:30（e2e ${stamp}）`;

  it('the supervisor keeps the resident’s community workroom; the resident sees it on their home, with a phone to tap', async () => {
    const mine = await gql<{ myWorkroom: { community: { id: string; name: string } } | null }>(
      `query MyWorkroom { myWorkroom { community { id name } } }`,
      {},
      await apiToken('resident'),
    );
    expect(mine.myWorkroom).not.toBeNull();
    const community = mine.myWorkroom!.community;

    const { page } = supervisor;
    await page.goto('/');
    await page.getByRole('link', { name: /^社区工作室/ }).tap();
    await expect.poll(() => h1(page)).toBe('社区工作室');
    await page.getByLabel('搜索小区').fill(community.name);
    await page.locator(`[data-community-id="${community.id}"] a`).tap();
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(`${community.name}社区工作室`);
    await page.getByLabel('接待时间').fill(hours);
    await page.getByLabel('联系电话').fill('021-6251 0000');
    const saved = graphqlExchange(page, 'SaveWorkroom');
    await page.getByRole('button', { name: '保存' }).tap();
    const { body } = await saved;
    expect(body.errors ?? []).toEqual([]);
    expect(body.data.saveWorkroom.userErrors).toEqual([]);
    await expect.poll(() => page.locator('[data-field="workroom-saved"]').textContent()).toBe('已保存，居民首页将显示新的信息。');
    expect(await axeViolations(page)).toEqual([]);

    const r = resident.page;
    await r.goto('/');
    await expect.poll(() => r.locator('[data-section="workroom"] [data-field="workroom-hours"]').textContent(), { timeout: 10_000 }).toBe(hours);
    expect(await r.locator('[data-section="workroom"] h2').textContent()).toBe('城管社区工作室');
    expect(await r.locator('[data-field="workroom-phone"]').getAttribute('href')).toBe('tel:021-62510000');
    await r.screenshot({ path: `${outDir}resident-workroom-360.png`, fullPage: true });
    expect(await axeViolations(r)).toEqual([]);
  });
});

describe.sequential('the 五治 practice library', () => {
  const stamp = Date.now();
  const title = `e2e ${stamp} 群租整治的共治做法`;

  it('an officer writes a practice case and submits it for review', async () => {
    const { page } = officer;
    await page.goto('/');
    await page.getByRole('link', { name: '五治实践案例库' }).tap();
    await expect.poll(() => h1(page)).toBe('五治实践案例');
    await page.getByRole('link', { name: '撰写实践案例' }).tap();
    await expect.poll(() => h1(page)).toBe('撰写实践案例');
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('摘要').fill('居委会、物业和中队一起，三个月内群租投诉明显下降。');
    await page.getByLabel('正文').fill('一、问题\n二、做法\n三、成效');
    await page.getByLabel('共治：物业、居委会与执法共同治理').check();
    const firstCommunity = page.locator('fieldset').filter({ hasText: '相关小区' }).locator('input[type="checkbox"]').first();
    await expect.poll(() => firstCommunity.count(), { timeout: 10_000 }).toBe(1);
    await firstCommunity.check();
    expect(await axeViolations(page)).toEqual([]);
    const submitted = graphqlExchange(page, 'SubmitPracticeCase');
    await page.getByRole('button', { name: '保存并提交审核' }).tap();
    const { body } = await submitted;
    expect(body.errors ?? []).toEqual([]);
    expect(body.data.submitPracticeCase.userErrors).toEqual([]);
    expect(body.data.submitPracticeCase.practice.status).toBe('IN_REVIEW');
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(title);
  });

  it('the supervisor finds it in the review queue and publishes it', async () => {
    const { page } = supervisor;
    await page.goto('/practice');
    await expect.poll(() => h1(page)).toBe('五治实践案例');
    await page.getByRole('link', { name: '待审核案例' }).tap();
    await expect.poll(() => h1(page)).toBe('待审核案例');
    const row = page.locator('[data-list="practice"] a', { hasText: title });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.tap();
    await expect.poll(() => h1(page)).toBe(title);
    const published = graphqlExchange(page, 'ReviewPracticeCase');
    await page.getByRole('button', { name: '审核通过并发布' }).tap();
    const { body } = await published;
    expect(body.errors ?? []).toEqual([]);
    expect(body.data.reviewPracticeCase.practice.status).toBe('PUBLISHED');
    await expect.poll(() => page.locator('[data-field="practice-done"]').textContent()).toBe('已发布，所有用户都能看到。');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the resident finds it in the library', async () => {
    const { page } = resident;
    await page.goto('/');
    await page.getByRole('link', { name: '五治实践案例库' }).tap();
    await expect.poll(() => h1(page)).toBe('五治实践案例');
    await page.getByLabel('搜索案例').fill(String(stamp));
    await page.getByRole('button', { name: '搜索', exact: true }).tap();
    const row = page.locator('[data-list="practice"] a', { hasText: title });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: `${outDir}practice-library-360.png`, fullPage: true });
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await row.tap();
    await expect.poll(() => h1(page)).toBe(title);
    expect(await page.locator('[data-field="body"]').textContent()).toBe('一、问题\n二、做法\n三、成效');
  });
});
