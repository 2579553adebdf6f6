import { render } from 'preact';
import { registerSW } from 'virtual:pwa-register';
import { App } from './app';
import { loadLang, type Lang } from './i18n';
import { SessionManager } from './session';
import './styles.css';

const storage = window.localStorage;
const langRef: { current: Lang } = { current: loadLang(storage) };
document.documentElement.lang = langRef.current;

const session = new SessionManager({ storage, lang: () => langRef.current });

render(
  <App session={session} storage={storage} initialLang={langRef.current} langRef={langRef} />,
  document.getElementById('app')!,
);

if (import.meta.env.PROD) registerSW({ immediate: true });
