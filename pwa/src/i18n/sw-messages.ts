// The few strings the service worker shows itself (a push whose payload it cannot read). They live
// here so the SW bundle does not carry both catalogs; zh-CN.ts and en.ts spread them in, so they
// are catalog keys like any other (same keys, same placeholders, checked by catalogs.test.ts).
import type { Lang } from './lang';

export const SW_MESSAGES_ZH = {
  'push.fallbackTitle': '共治',
  'push.fallbackBody': '您反映的事项有新进展，请打开共治查看。',
} as const satisfies Record<string, string>;

export type SwMessageKey = keyof typeof SW_MESSAGES_ZH;

export const SW_MESSAGES_EN: { readonly [K in SwMessageKey]: string } = {
  'push.fallbackTitle': 'Gongzhi',
  'push.fallbackBody': 'There is news about an item you reported. Open Gongzhi to see it.',
};

export const SW_MESSAGES: Readonly<Record<Lang, { readonly [K in SwMessageKey]: string }>> = {
  'zh-CN': SW_MESSAGES_ZH,
  en: SW_MESSAGES_EN,
};
