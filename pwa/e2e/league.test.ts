// 物业履责排名 in the browser, against the real server (issue #5 part 7): the officer opens the
// league table from the renovation list, picks 华阳路街道 and this year, and finds
// 长宁物业服务有限公司 with the numbers behind its rank. Other files run against the same server
// at the same time, so the numbers are checked for consistency with the server's answer and with
// each other (the problems formula, the order), never for exact counts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { DEMO_PASSWORD, axeViolations, launchPhone, loginThroughUi, outDir, smallTapTargets, type Phone } from './browser';

const FIRM = '长宁物业服务有限公司';
const SUB_DISTRICT = '华阳路街道';

let officer: Phone;

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const oneDecimal = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

interface Standing {
  rank: number;
  firmId: string;
  firmName: string;
  [field: string]: number | string | null;
}

beforeAll(async () => {
  officer = await launchPhone(inject('baseUrl'), { width: 360, height: 740 });
});

afterAll(async () => {
  await officer?.close();
});

describe('the property firm league table', () => {
  it(`the officer opens it for ${SUB_DISTRICT}, this year, and sees ${FIRM} with its numbers`, async () => {
    const { page } = officer;
    await page.goto('/');
    await expect.poll(() => h1(page)).toBe('登录共治');
    const { body: login } = await loginThroughUi(page, 'officer', DEMO_PASSWORD);
    expect(login.data?.login?.userErrors).toEqual([]);
    await expect.poll(() => h1(page)).toMatch(/^你好，/);

    await page.getByRole('link', { name: /^装修活动管理/ }).tap();
    await expect.poll(() => h1(page)).toBe('装修登记');
    await page.getByRole('link', { name: '物业履责排名' }).tap();
    await expect.poll(() => h1(page)).toBe('物业履责排名');

    const picker = page.getByLabel('街道/镇');
    await expect.poll(() => picker.locator('option', { hasText: SUB_DISTRICT }).count(), { timeout: 10_000 }).toBe(1);
    await picker.selectOption({ label: SUB_DISTRICT });

    // This year: from 1 January to today (Shanghai days), for the picked sub-district.
    const today = shanghaiToday();
    const subDistrictId = await picker.inputValue();
    const isThisYear = (r: Response) => {
      if (!r.url().endsWith('/graphql') || r.request().method() !== 'POST') return false;
      const sent = r.request().postDataJSON() as { operationName?: string; variables?: Record<string, unknown> } | null;
      return (
        sent?.operationName === 'FirmLeagueTable' &&
        sent.variables?.['subDistrictId'] === subDistrictId &&
        sent.variables?.['from'] === `${today.slice(0, 4)}-01-01` &&
        sent.variables?.['to'] === today
      );
    };
    const answered = page.waitForResponse(isThisYear);
    await page.getByRole('button', { name: '本年' }).tap();
    const body = (await (await answered).json()) as { data?: { firmLeagueTable: Standing[] }; errors?: unknown[] };
    expect(body.errors ?? []).toEqual([]);
    const standings = body.data!.firmLeagueTable;
    const mine = standings.find((s) => s.firmName === FIRM);
    expect(mine, `${FIRM} in ${JSON.stringify(standings.map((s) => s.firmName))}`).toBeTruthy();

    // The server's order: ranks from 1, best (fewest problems per 1,000 units) first.
    expect(standings.map((s) => s.rank)[0]).toBe(1);
    const per1000 = standings.map((s) => s.problemsPer1000Units as number);
    expect(per1000[0]).toBe(Math.min(...per1000));
    for (let i = 1; i < standings.length; i++) {
      expect(standings[i]!.rank).toBeGreaterThanOrEqual(standings[i - 1]!.rank);
      expect(per1000[i]).toBeGreaterThanOrEqual(per1000[i - 1]!);
    }
    for (const s of standings) {
      const n = (f: string) => s[f] as number;
      expect(n('problems'), s.firmName).toBe(n('firstByComplaint') + (n('patrolsDue') - n('patrolsOnTime')) + n('reportsLate') + n('dutyChecksFailed') + n('casesAgainstFirm'));
      expect(n('registeredBeforeStart')).toBeLessThanOrEqual(n('registrations'));
      expect(n('patrolsOnTime')).toBeLessThanOrEqual(n('patrolsDue'));
      if (n('registrations') + n('unregisteredFound') === 0) expect(s['registeredShare']).toBeNull();
      else expect(s['registeredShare']).toBeCloseTo(n('registeredBeforeStart') / (n('registrations') + n('unregisteredFound')), 6);
    }

    // The table shows what the server said, in its order.
    const table = page.getByRole('table');
    await expect.poll(() => table.locator('caption').textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^${SUB_DISTRICT}物业履责排名（`));
    await expect.poll(() => table.locator('tbody[data-firm-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-firm-id')))).toEqual(
      standings.map((s) => s.firmId),
    );
    const row = table.locator(`tbody[data-firm-id="${mine!.firmId}"]`);
    expect(await row.getByRole('rowheader').textContent()).toBe(FIRM);
    expect(await row.locator('[data-field="rank"]').textContent()).toBe(String(mine!.rank));
    expect(await row.locator('[data-field="per1000"]').textContent()).toBe(oneDecimal.format(mine!.problemsPer1000Units as number));

    // The numbers behind the rank fold out: every field, the shares as percentages with one decimal.
    await row.locator('summary').tap();
    const dd = (field: string) => row.locator(`[data-field="${field}"] dd`).textContent();
    await expect.poll(() => row.locator(`[data-field="problems"] dd`).isVisible()).toBe(true);
    for (const field of ['communities', 'unitsManaged', 'registrations', 'registeredBeforeStart', 'unregisteredFound', 'patrolsDue', 'patrolsOnTime', 'foundByFirm', 'firstByComplaint', 'reportsLate', 'dutyChecksFailed', 'casesAgainstFirm', 'problems']) {
      expect((await dd(field))!.replace(/,/g, ''), field).toBe(String(mine![field]));
    }
    for (const field of ['registeredShare', 'patrolOnTimeShare']) {
      const share = mine![field] as number | null;
      expect(await dd(field), field).toBe(share === null ? '无（分母为 0）' : percent.format(share));
    }
    expect(await dd('problemsPer1000Units')).toBe(oneDecimal.format(mine!.problemsPer1000Units as number));
    expect(Number(await row.getAttribute('data-per1000'))).toBe(mine!.problemsPer1000Units);

    await page.screenshot({ path: `${outDir}renovation-league-360.png`, fullPage: true });
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });
});
