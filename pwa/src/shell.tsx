// The signed-in frame: the screen for the current path, the outbox line and the role's tab bar.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { EnvContext, type Env } from './env';
import type { MessageKey } from './i18n';
import type { Role } from './graphql/types';
import { parseRoute, type Route } from './router';
import { FileScreen } from './screens/file';
import { InboxScreen } from './screens/inbox';
import { ItemScreen } from './screens/item';
import { MyItemsScreen } from './screens/my-items';
import { OutboxStatus } from './screens/outbox-panel';

type Tab = { route: Route['name']; path: string; label: MessageKey; icon: keyof typeof ICONS };

const ICONS = {
  home: 'M3 11.5 12 4l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z',
  file: 'M5 3h9l5 5v13H5zM14 3v5h5M8 13h8M8 17h5',
  items: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  inbox: 'M3 13h5l1.5 3h5L16 13h5M5 5h14l2 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-6z',
} as const;

export function tabsFor(role: Role): Tab[] {
  const home: Tab = { route: 'home', path: '/', label: 'nav.home', icon: 'home' };
  switch (role) {
    case 'RESIDENT':
    case 'COMMITTEE':
      return [
        home,
        { route: 'file', path: '/file', label: 'nav.file', icon: 'file' },
        { route: 'items', path: '/items', label: 'nav.myItems', icon: 'items' },
      ];
    case 'PROPERTY':
      return [
        home,
        { route: 'file', path: '/file', label: 'nav.fileProperty', icon: 'file' },
        { route: 'items', path: '/items', label: 'nav.myItems', icon: 'items' },
      ];
    case 'OFFICER':
    case 'SUPERVISOR':
    case 'HOUSING':
      return [home, { route: 'inbox', path: '/inbox', label: 'nav.inbox', icon: 'inbox' }];
  }
}

/** The route this role may open (an officer has no filing screen; a resident no inbox). */
export function allowedRoute(role: Role, route: Route): Route {
  if (route.name === 'home' || route.name === 'item') return route;
  return tabsFor(role).some((t) => t.route === route.name) ? route : { name: 'home' };
}

export const ROUTE_TITLES: Record<Route['name'], MessageKey> = {
  home: 'home.title',
  file: 'file.title',
  items: 'items.title',
  item: 'item.title',
  inbox: 'inbox.title',
};

interface ShellProps {
  env: Env;
  route: Route;
  home: ComponentChildren;
}

let visits = 0;
const visitKeys = new WeakMap<Route, number>();
/** One key per navigation, so the screen remounts (and reloads its data) on every visit. */
function visitKey(route: Route): number {
  let k = visitKeys.get(route);
  if (k === undefined) visitKeys.set(route, (k = ++visits));
  return k;
}

export function Shell({ env, route, home }: ShellProps) {
  const { t, user } = env;
  const tabs = tabsFor(user.role);
  const current = allowedRoute(user.role, route);
  const key = visitKey(route);
  const activeTab = current.name === 'item' ? (tabs.some((x) => x.route === 'inbox') ? 'inbox' : 'items') : current.name;
  const showsOutbox = user.role === 'RESIDENT' || user.role === 'COMMITTEE' || user.role === 'PROPERTY';

  return (
    <EnvContext.Provider value={env}>
      {showsOutbox && <OutboxStatus />}
      {current.name === 'home' && home}
      {current.name === 'file' && <FileScreen key={key} />}
      {current.name === 'items' && <MyItemsScreen key={key} />}
      {current.name === 'item' && <ItemScreen key={key} id={current.id} />}
      {current.name === 'inbox' && <InboxScreen key={key} />}
      <nav class="tabbar" aria-label={t('nav.label')}>
        {tabs.map((tab) => (
          <a key={tab.path} href={tab.path} aria-current={tab.route === activeTab ? 'page' : undefined}>
            <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
              <path d={ICONS[tab.icon]} />
            </svg>
            <span>{t(tab.label)}</span>
          </a>
        ))}
      </nav>
    </EnvContext.Provider>
  );
}

/** The current path as a route, following pushState navigation and the back button. */
export function useLocationRoute(): [Route, (path: string) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = (path: string) => {
    if (path !== location.pathname) history.pushState(null, '', path);
    // A new object each time: tapping the current tab again opens it afresh (and reloads it).
    setRoute({ ...parseRoute(path) });
    scrollTo?.(0, 0);
  };
  return [route, navigate];
}
