import { zhCN, type MessageKey, type Messages } from './zh-CN';
import { en } from './en';

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

export type Translate = (key: MessageKey, params?: Readonly<Record<string, string>>) => string;

export function translator(lang: Lang): Translate {
  const messages = catalogs[lang];
  return (key, params) => {
    const text = messages[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m) : text;
  };
}

export type { MessageKey, Messages };
