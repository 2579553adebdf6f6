// The signed-in frame: the screen for the current path, the outbox line and the role's tab bar.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { EnvContext, type Env } from './env';
import type { MessageKey } from './i18n';
import { ROLES, type Role } from './graphql/types';
import { parseRoute, type Route } from './router';
import { FileScreen } from './screens/file';
import { InboxScreen } from './screens/inbox';
import { ItemScreen } from './screens/item';
import { MyItemsScreen } from './screens/my-items';
import { OutboxStatus } from './screens/outbox-panel';
import { CaseScreens, isCaseRoute } from './screens/lazy-cases';
import { RenovationScreens, isRenovationRoute } from './screens/lazy-renovations';
import { FigureScreens, isFigureRoute } from './screens/lazy-figures';
import { PracticeScreens, isPracticeRoute } from './screens/lazy-practice';
import { PatrolScreens, isPatrolRoute } from './screens/lazy-patrols';
import { PartnerScreens, isPartnerRoute } from './screens/lazy-partners';

type Tab = { route: Route['name']; path: string; label: MessageKey; icon: keyof typeof ICONS };

const ICONS = {
  home: 'M3 11.5 12 4l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z',
  file: 'M5 3h9l5 5v13H5zM14 3v5h5M8 13h8M8 17h5',
  items: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  inbox: 'M3 13h5l1.5 3h5L16 13h5M5 5h14l2 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-6z',
  cases: 'M4 7h16v12a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1zM9 7V5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v2M4 12h16',
  deadlines: 'M12 7v5l3 2M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z',
  approvals: 'M9 12l2 2 4-4M12 3l7 3v6c0 4.5-3 7.5-7 9-4-1.5-7-4.5-7-9V6z',
  dutyChecks: 'M9 5H6a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V6a1 1 0 0 0-1-1h-3M9 5a3 3 0 0 1 6 0v1H9zM9 14l2 2 4-4',
  renovations: 'M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18v3h3l6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.4-.6-.6-2.4z',
  referrals: 'M4 8h14M14 4l4 4-4 4M20 16H6M10 12l-4 4 4 4',
  jointActions: 'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM17 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20c0-3 2.7-5 6-5s6 2 6 5M15 15.3c.6-.2 1.3-.3 2-.3 2.8 0 5 1.8 5 5',
} as const;

const renovations: Tab = { route: 'renovations', path: '/renovations', label: 'nav.renovations', icon: 'renovations' };

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
        renovations,
        { route: 'dutyChecks', path: '/duty-checks', label: 'nav.dutyChecksFirm', icon: 'dutyChecks' },
      ];
    case 'OFFICER':
      return [home, inbox, cases, deadlines, { route: 'dutyChecks', path: '/duty-checks', label: 'nav.dutyChecks', icon: 'dutyChecks' }];
    case 'SUPERVISOR':
      return [home, inbox, cases, deadlines, { route: 'approvals', path: '/approvals', label: 'nav.approvals', icon: 'approvals' }];
    case 'HOUSING':
      // 区房管: the referral inbox (转办收件箱 and 我方移送), joint actions, the renovation pilot.
      return [
        home,
        { route: 'referrals', path: '/referrals', label: 'nav.referrals', icon: 'referrals' },
        { route: 'jointActions', path: '/joint-actions', label: 'nav.jointActions', icon: 'jointActions' },
        renovations,
      ];
  }
}

const inbox: Tab = { route: 'inbox', path: '/inbox', label: 'nav.inbox', icon: 'inbox' };
const cases: Tab = { route: 'cases', path: '/cases', label: 'nav.cases', icon: 'cases' };
const deadlines: Tab = { route: 'deadlines', path: '/deadlines', label: 'nav.deadlines', icon: 'deadlines' };

const STAFF: readonly Role[] = ['OFFICER', 'SUPERVISOR'];

/** Screens reached by links rather than tabs, and who may open them. */
const LINKED_ROUTES: Partial<Record<Route['name'], readonly Role[]>> = {
  case: ['OFFICER', 'SUPERVISOR'],
  caseDocument: ['OFFICER', 'SUPERVISOR'],
  // Officers see the approvals they asked for; supervisors have it as a tab.
  approvals: ['OFFICER', 'SUPERVISOR'],
  dutyChecks: ['OFFICER', 'SUPERVISOR', 'PROPERTY'],
  // The renovation pilot: the firm runs it (a tab); officers and supervisors watch it (from home and linked reports).
  renovations: ['OFFICER', 'SUPERVISOR'],
  renovation: ['PROPERTY', 'OFFICER', 'SUPERVISOR', 'HOUSING'],
  renovationNew: ['PROPERTY'],
  // 物业履责排名: the bureau and the housing partner rank the firms (never the firms themselves).
  renovationLeague: ['OFFICER', 'SUPERVISOR', 'HOUSING'],
  // Figures, hotspots and plans, workrooms (SPEC §9, §11): the bureau's own screens, from home.
  figures: STAFF,
  figureItems: STAFF,
  hotspots: STAFF,
  hotspot: STAFF,
  plan: STAFF,
  hotspotImport: ['SUPERVISOR'],
  hotspotMark: ['SUPERVISOR'],
  planNew: ['SUPERVISOR'],
  workrooms: STAFF,
  workroom: STAFF,
  // 五治实践案例: everyone reads the published ones; officers and supervisors write; supervisors review.
  practice: ROLES,
  practiceCase: ROLES,
  practiceMine: STAFF,
  practiceNew: STAFF,
  practiceEdit: STAFF,
  practiceReview: ['SUPERVISOR'],
  // 勤务 (issue #7): officers patrol; supervisors plan the roster and read the coverage.
  patrols: ['OFFICER'],
  patrol: ['OFFICER'],
  roster: ['SUPERVISOR'],
  coverage: STAFF,
  // 管执联动 (issue #8): the housing partner has referrals and joint actions as tabs; the bureau opens them from home.
  referrals: STAFF,
  referral: ['OFFICER', 'SUPERVISOR', 'HOUSING'],
  referralNew: ['HOUSING'],
  referralLetter: STAFF,
  jointActions: STAFF,
  jointAction: ['OFFICER', 'SUPERVISOR', 'HOUSING'],
  jointActionNew: STAFF,
  affordableHousing: ['OFFICER', 'SUPERVISOR', 'HOUSING'],
};

/** The route this role may open (an officer has no filing screen; a resident no inbox). */
export function allowedRoute(role: Role, route: Route): Route {
  if (route.name === 'home' || route.name === 'item') return route;
  if (LINKED_ROUTES[route.name]?.includes(role)) return route;
  return tabsFor(role).some((t) => t.route === route.name) ? route : { name: 'home' };
}

/** The tab a screen belongs to (an item under the inbox or "my items", a case under the case list). */
function tabOf(route: Route, tabs: readonly Tab[]): Route['name'] {
  if (route.name === 'item') return tabs.some((x) => x.route === 'inbox') ? 'inbox' : 'items';
  if (route.name === 'case' || route.name === 'caseDocument') return 'cases';
  if (route.name === 'renovation' || route.name === 'renovationNew' || route.name === 'renovationLeague') return 'renovations';
  if (route.name === 'referral' || route.name === 'referralNew' || route.name === 'referralLetter') return owned('referrals', tabs);
  if (route.name === 'jointAction' || route.name === 'jointActionNew') return owned('jointActions', tabs);
  if (isPartnerRoute(route)) return owned(route.name, tabs);
  // Reached from the home screen: home stays the current tab.
  if (isFigureRoute(route) || isPracticeRoute(route) || isPatrolRoute(route)) return 'home';
  return route.name;
}

/** The tab itself when this role has it; else the screen hangs under home (officers reach it from there). */
function owned(tab: Route['name'], tabs: readonly Tab[]): Route['name'] {
  return tabs.some((x) => x.route === tab) ? tab : 'home';
}

export const ROUTE_TITLES: Record<Route['name'], MessageKey> = {
  home: 'home.title',
  file: 'file.title',
  items: 'items.title',
  item: 'item.title',
  inbox: 'inbox.title',
  cases: 'cases.title',
  case: 'case.title',
  caseDocument: 'doc.title',
  deadlines: 'deadlines.title',
  approvals: 'approvals.title',
  dutyChecks: 'duty.title',
  renovations: 'renovations.title',
  renovationNew: 'renovationNew.title',
  renovation: 'renovation.title',
  renovationLeague: 'renovationLeague.title',
  figures: 'figures.title',
  figureItems: 'figureItems.title',
  hotspots: 'hotspots.title',
  hotspotImport: 'hotspotImport.title',
  hotspotMark: 'hotspotMark.title',
  hotspot: 'hotspot.title',
  planNew: 'planNew.title',
  plan: 'plan.title',
  workrooms: 'workrooms.title',
  workroom: 'workroom.title',
  practice: 'practice.title',
  practiceMine: 'practiceMine.title',
  practiceReview: 'practiceReview.title',
  practiceNew: 'practiceNew.title',
  practiceCase: 'practiceCase.title',
  practiceEdit: 'practiceEdit.title',
  patrols: 'patrols.title',
  patrol: 'patrol.title',
  roster: 'roster.title',
  coverage: 'coverage.title',
  referrals: 'referrals.title',
  referralNew: 'referralNew.title',
  referral: 'referral.title',
  referralLetter: 'referralLetter.title',
  jointActions: 'jointActions.title',
  jointActionNew: 'jointActionNew.title',
  jointAction: 'jointAction.title',
  affordableHousing: 'affordableHousing.title',
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
  const activeTab = tabOf(current, tabs);
  // Filers queue filings; officers queue case evidence.
  const showsOutbox = user.role !== 'HOUSING';

  return (
    <EnvContext.Provider value={env}>
      {showsOutbox && <OutboxStatus />}
      {current.name === 'home' && home}
      {current.name === 'file' && <FileScreen key={key} />}
      {current.name === 'items' && <MyItemsScreen key={key} />}
      {current.name === 'item' && <ItemScreen key={key} id={current.id} />}
      {current.name === 'inbox' && <InboxScreen key={key} />}
      {isCaseRoute(current) && <CaseScreens key={key} route={current} />}
      {isRenovationRoute(current) && <RenovationScreens key={key} route={current} />}
      {isFigureRoute(current) && <FigureScreens key={key} route={current} />}
      {isPracticeRoute(current) && <PracticeScreens key={key} route={current} />}
      {isPatrolRoute(current) && <PatrolScreens key={key} route={current} />}
      {isPartnerRoute(current) && <PartnerScreens key={key} route={current} />}
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
  const [route, setRoute] = useState<Route>(() => parseRoute(location.pathname, location.search));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname, location.search));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = (path: string) => {
    if (path !== location.pathname + location.search) history.pushState(null, '', path);
    // A new object each time: tapping the current tab again opens it afresh (and reloads it).
    setRoute({ ...parseRoute(path) });
    scrollTo?.(0, 0);
  };
  return [route, navigate];
}
