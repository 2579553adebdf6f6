// The language type on its own, so worker code (the service worker's outbox replay) can use it
// without the DOM-only parts of the i18n module.
export type Lang = 'zh-CN' | 'en';
