import { zhCN, type MessageKey as CoreMessageKey, type Messages } from './zh-CN';
import { en } from './en';
import type { CaseMessageKey, CaseMessages } from './cases-zh-CN';
import type { RenovationMessageKey, RenovationMessages } from './renovations-zh-CN';
import type { FigureMessageKey, FigureMessages } from './figures-zh-CN';
import type { PracticeMessageKey, PracticeMessages } from './practice-zh-CN';
import type { PatrolMessageKey, PatrolMessages } from './patrols-zh-CN';
import type { PartnerMessageKey, PartnerMessages } from './partners-zh-CN';

import type { Lang } from './lang';

export type { Lang };
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const DEFAULT_LANG: Lang = 'zh-CN';
export const LANG_STORAGE_KEY = 'gongzhi.lang';

export const catalogs: Readonly<Record<Lang, Messages>> = { 'zh-CN': zhCN, en };

export function isLang(value: unknown): value is Lang {
  return value === 'zh-CN' || value === 'en';
}

/** The saved choice, or zh-CN: the bureau's working language is the default whatever the browser says. */
export function loadLang(storage: Storage): Lang {
  const saved = storage.getItem(LANG_STORAGE_KEY);
  return isLang(saved) ? saved : DEFAULT_LANG;
}

export function saveLang(storage: Storage, lang: Lang): void {
  storage.setItem(LANG_STORAGE_KEY, lang);
}

/** Every key: the app's own, the case screens' and the renovation screens' (each in their chunk, registered when it loads). */
export type MessageKey = CoreMessageKey | CaseMessageKey | RenovationMessageKey | FigureMessageKey | PracticeMessageKey | PatrolMessageKey | PartnerMessageKey;

export type Translate = (key: MessageKey, params?: Readonly<Record<string, string>>) => string;

/** The case screens' catalogs, once their chunk has loaded (src/i18n/cases.ts registers them). */
let caseCatalogs: Readonly<Record<Lang, CaseMessages>> | null = null;

export function registerCaseMessages(c: Readonly<Record<Lang, CaseMessages>>): void {
  caseCatalogs = c;
}

/** The renovation screens' catalogs, once their chunk has loaded (src/i18n/renovations.ts registers them). */
let renovationCatalogs: Readonly<Record<Lang, RenovationMessages>> | null = null;

export function registerRenovationMessages(c: Readonly<Record<Lang, RenovationMessages>>): void {
  renovationCatalogs = c;
}

/** The figure, hotspot and workroom screens' catalogs (src/i18n/figures.ts registers them). */
let figureCatalogs: Readonly<Record<Lang, FigureMessages>> | null = null;

export function registerFigureMessages(c: Readonly<Record<Lang, FigureMessages>>): void {
  figureCatalogs = c;
}

/** The practice library's catalogs (src/i18n/practice.ts registers them). */
let practiceCatalogs: Readonly<Record<Lang, PracticeMessages>> | null = null;

export function registerPracticeMessages(c: Readonly<Record<Lang, PracticeMessages>>): void {
  practiceCatalogs = c;
}

/** The duty and patrol screens' catalogs (src/i18n/patrols.ts registers them). */
let patrolCatalogs: Readonly<Record<Lang, PatrolMessages>> | null = null;

export function registerPatrolMessages(c: Readonly<Record<Lang, PatrolMessages>>): void {
  patrolCatalogs = c;
}

/** The partner screens' catalogs (管执联动, issue #8; src/i18n/partners.ts registers them). */
let partnerCatalogs: Readonly<Record<Lang, PartnerMessages>> | null = null;

export function registerPartnerMessages(c: Readonly<Record<Lang, PartnerMessages>>): void {
  partnerCatalogs = c;
}

export function translator(lang: Lang): Translate {
  const messages = catalogs[lang];
  return (key, params) => {
    // A chunk's key asked for before its chunk loaded shows as the key (never happens: only that chunk uses them).
    const text =
      (messages as Readonly<Record<string, string>>)[key] ??
      caseCatalogs?.[lang][key as CaseMessageKey] ??
      renovationCatalogs?.[lang][key as RenovationMessageKey] ??
      figureCatalogs?.[lang][key as FigureMessageKey] ??
      practiceCatalogs?.[lang][key as PracticeMessageKey] ??
      patrolCatalogs?.[lang][key as PatrolMessageKey] ??
      partnerCatalogs?.[lang][key as PartnerMessageKey] ??
      key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m) : text;
  };
}

export type { Messages, CaseMessages, RenovationMessages, FigureMessages, PracticeMessages, PatrolMessages, PartnerMessages };
