// One Chromium per test file: Debian's /usr/bin/chromium driven by playwright-core (no browser download).
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const outDir = fileURLToPath(new URL('./out/', import.meta.url));
export const DEMO_PASSWORD = 'gongzhi-demo';

export interface Phone {
  context: BrowserContext;
  page: Page;
  /** What the Content-Security-Policy refused so far; `close` fails when it is not empty. */
  cspViolations: string[];
  close: () => Promise<void>;
}

export async function launchPhone(baseURL: string, viewport = { width: 390, height: 844 }): Promise<Phone> {
  const profile = mkdtempSync(join(tmpdir(), 'pw-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=zh-CN',
    ],
    baseURL,
    viewport,
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    userAgent:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
  });
  // Every page of the phone reports what the server's Content-Security-Policy refused; closing
  // the phone fails the test if anything was (an inline script or style, a foreign resource).
  const violations: string[] = [];
  await context.exposeBinding('__gongzhiCspViolation', (source, v: string) => {
    violations.push(`${v} on ${source.page?.url() ?? '?'}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __gongzhiCspViolation?: (v: string) => void }).__gongzhiCspViolation;
      report?.(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(outDir, { recursive: true });
  return {
    context,
    page,
    cspViolations: violations,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (violations.length > 0) {
        throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`);
      }
    },
  };
}

/** The next /graphql exchange for `operationName`: the request headers the page sent and the JSON body. */
export async function graphqlExchange<T = any>(
  page: Page,
  operationName: string,
): Promise<{ headers: Record<string, string>; body: T }> {
  const response = await page.waitForResponse((r: Response) => {
    if (!r.url().endsWith('/graphql') || r.request().method() !== 'POST') return false;
    try {
      return r.request().postDataJSON()?.operationName === operationName;
    } catch {
      return false;
    }
  });
  return { headers: await response.request().allHeaders(), body: (await response.json()) as T };
}

/** Fills the login form and taps the submit button; returns the server's Login response. */
export async function loginThroughUi(page: Page, login: string, password: string, submitLabel = '登录') {
  await page.getByLabel(/^(账号或手机号|Account name or phone number)$/).fill(login);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  const exchange = graphqlExchange(page, 'Login');
  await page.getByRole('button', { name: submitLabel, exact: true }).tap();
  return exchange;
}

export async function waitForServiceWorkerControl(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('no service worker took control within 15 s')), 15_000),
    );
    const controlled = (async () => {
      const reg = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      }
      return reg.active?.scriptURL ?? '';
    })();
    return Promise.race([controlled, timeout]);
  });
}

export async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Every visible button and input is at least 44×44 CSS px. */
export async function smallTapTargets(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input, a[href]')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el: el.outerHTML.slice(0, 80), rect: el.getBoundingClientRect() }))
      .filter(({ rect }) => rect.width < 44 || rect.height < 44)
      .map(({ el, rect }) => `${el} ${Math.round(rect.width)}x${Math.round(rect.height)}`),
  );
}
