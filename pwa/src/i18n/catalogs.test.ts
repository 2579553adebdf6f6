import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN';
import { en } from './en';
import { translator } from './index';
import { casesZhCN } from './cases-zh-CN';
import { casesEn } from './cases-en';
import { renovationsZhCN } from './renovations-zh-CN';
import { renovationsEn } from './renovations-en';
import { figuresZhCN } from './figures-zh-CN';
import { figuresEn } from './figures-en';
import { practiceZhCN } from './practice-zh-CN';
import { practiceEn } from './practice-en';
import { patrolsZhCN } from './patrols-zh-CN';
import { patrolsEn } from './patrols-en';
import { partnersZhCN } from './partners-zh-CN';
import { partnersEn } from './partners-en';
import { ROLES } from '../graphql/types';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('zh-CN and en have identical keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it.each([
    ['zh-CN', zhCN],
    ['en', en],
  ] as const)('%s has no empty strings', (_lang, catalog) => {
    for (const [key, value] of Object.entries(catalog)) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('every translation keeps the same placeholders', () => {
    for (const [key, value] of Object.entries(zhCN)) {
      expect(placeholders(en[key as keyof typeof zhCN]), key).toEqual(placeholders(value));
    }
  });

  it('the case screens’ catalogs: identical keys, none empty, same placeholders, none shadowing an app key', () => {
    expect(Object.keys(casesEn).sort()).toEqual(Object.keys(casesZhCN).sort());
    for (const [key, value] of Object.entries(casesZhCN)) {
      expect(value.trim(), key).not.toBe('');
      expect(casesEn[key as keyof typeof casesZhCN].trim(), key).not.toBe('');
      expect(placeholders(casesEn[key as keyof typeof casesZhCN]), key).toEqual(placeholders(value));
      expect(key in zhCN, key).toBe(false);
    }
  });

  it('the renovation screens’ catalogs: identical keys, none empty, same placeholders, none shadowing an app or case key', () => {
    expect(Object.keys(renovationsEn).sort()).toEqual(Object.keys(renovationsZhCN).sort());
    for (const [key, value] of Object.entries(renovationsZhCN)) {
      const en = renovationsEn[key as keyof typeof renovationsZhCN];
      expect(value.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(value));
      expect(key in zhCN || key in casesZhCN, key).toBe(false);
    }
  });

  it.each([
    ['figures', figuresZhCN, figuresEn],
    ['practice', practiceZhCN, practiceEn],
    ['patrols', patrolsZhCN, patrolsEn],
    ['partners', partnersZhCN, partnersEn],
  ] as const)('the %s chunk’s catalogs: identical keys, none empty, same placeholders, none shadowing another catalog’s key', (_name, zh, en) => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const others = [zhCN, casesZhCN, renovationsZhCN, figuresZhCN, practiceZhCN, patrolsZhCN, partnersZhCN].filter((c) => c !== zh);
    for (const [key, value] of Object.entries(zh)) {
      const english = (en as Record<string, string>)[key]!;
      expect(value.trim(), key).not.toBe('');
      expect(english.trim(), key).not.toBe('');
      expect(placeholders(english), key).toEqual(placeholders(value));
      expect(others.some((c) => key in c), key).toBe(false);
    }
  });

  it('figure and practice strings are known once their chunks registered them', async () => {
    await import('./figures');
    await import('./practice');
    expect(translator('zh-CN')('fig.measure.ACCEPTED_LATE')).toBe('未按时受理的诉求');
    expect(translator('en')('fig.export')).toBe('Export .xlsx');
    expect(translator('zh-CN')('fig.export')).toBe('导出 Excel');
    expect(translator('zh-CN')('pr.tag.CO_GOVERNANCE')).toBe('共治');
    expect(translator('en')('pr.tag.SMART')).toBe('Smart');
  });

  it('patrol strings are known once the patrol chunk registered them', async () => {
    await import('./patrols');
    expect(translator('zh-CN')('pt.error.TWO_OFFICERS')).toBe('每次巡查至少需要两名队员。');
    expect(translator('en')('pt.daysSince', { n: '3' })).toBe('3 days since the last patrol');
  });

  it('partner strings are known once the partner chunk registered them', async () => {
    await import('./partners');
    expect(translator('zh-CN')('ref.state.RETURNED')).toBe('已退回');
    expect(translator('en')('ref.overdueDays', { n: '3' })).toBe('overdue by 3 days');
  });

  it('renovation strings are known once the renovation chunk registered them', async () => {
    await import('./renovations');
    expect(translator('zh-CN')('reno.gapsBadge', { n: '2' })).toBe('巡查缺失 2 次');
    expect(translator('en')('reno.highRisk')).toBe('High risk');
  });

  it('case strings are known once the case chunk registered them', async () => {
    await import('./cases');
    expect(translator('zh-CN')('stage.CLOSED')).toBe('已结案');
    expect(translator('en')('case.fineRange', { min: '500', max: '10,000' })).toBe('CNY 500–10,000');
  });

  it('has the role names the bureau uses', () => {
    const zh = translator('zh-CN');
    const e = translator('en');
    expect(
      ROLES.map((r) => [zh(`role.${r}`), e(`role.${r}`)]),
    ).toEqual([
      ['居民', 'Resident'],
      ['居委会', 'Neighbourhood committee'],
      ['物业服务企业', 'Property management firm'],
      ['城管执法队员', 'Enforcement officer'],
      ['中队长/区局', 'Supervisor'],
      ['区房管', 'District housing administration'],
    ]);
  });

  it('fills placeholders', () => {
    expect(translator('zh-CN')('home.greeting', { name: '王芳' })).toBe('你好，王芳');
    expect(translator('en')('home.greeting', { name: 'Wang Fang' })).toBe('Hello, Wang Fang');
  });
});
