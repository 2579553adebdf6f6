// A handful of paths; the server and the service worker answer every one with index.html.
export type CaseDocumentKind = 'filing' | 'notice' | 'decision';
export const CASE_DOCUMENTS: readonly CaseDocumentKind[] = ['filing', 'notice', 'decision'];

export type Route =
  | { name: 'home' }
  | { name: 'file' }
  | { name: 'items' }
  | { name: 'item'; id: string }
  | { name: 'inbox' }
  | { name: 'cases' }
  | { name: 'case'; id: string }
  | { name: 'caseDocument'; id: string; doc: CaseDocumentKind }
  | { name: 'deadlines' }
  | { name: 'approvals' }
  | { name: 'dutyChecks' }
  | { name: 'renovations' }
  | { name: 'renovationNew' }
  | { name: 'renovationLeague' }
  | { name: 'renovation'; id: string }
  | { name: 'figures' }
  | { name: 'figureItems'; search: string }
  | { name: 'hotspots' }
  | { name: 'hotspotImport' }
  | { name: 'hotspotMark' }
  | { name: 'hotspot'; id: string }
  | { name: 'planNew'; hotspotId: string }
  | { name: 'plan'; id: string }
  | { name: 'workrooms' }
  | { name: 'workroom'; communityId: string }
  | { name: 'practice' }
  | { name: 'practiceMine' }
  | { name: 'practiceReview' }
  | { name: 'practiceNew' }
  | { name: 'practiceCase'; id: string }
  | { name: 'practiceEdit'; id: string }
  | { name: 'patrols' }
  | { name: 'patrol'; id: string }
  | { name: 'roster' }
  | { name: 'coverage' }
  | { name: 'referrals' }
  | { name: 'referralNew' }
  | { name: 'referral'; id: string }
  | { name: 'referralLetter'; id: string }
  | { name: 'jointActions' }
  | { name: 'jointActionNew' }
  | { name: 'jointAction'; id: string }
  | { name: 'affordableHousing' };

/** The route of a path; a query string (in `pathname` or `search`) only matters to the drill-down. */
export function parseRoute(pathname: string, search = ''): Route {
  const q = pathname.indexOf('?');
  if (q >= 0) {
    search = pathname.slice(q);
    pathname = pathname.slice(0, q);
  }
  const path = pathname.replace(/\/+$/, '') || '/';
  const issue6 = parseCommunityWorkRoute(path, search);
  if (issue6) return issue6;
  const issue7 = parsePatrolRoute(path);
  if (issue7) return issue7;
  const issue8 = parsePartnerRoute(path);
  if (issue8) return issue8;
  if (path === '/file') return { name: 'file' };
  if (path === '/items') return { name: 'items' };
  if (path === '/inbox') return { name: 'inbox' };
  if (path === '/cases') return { name: 'cases' };
  if (path === '/deadlines') return { name: 'deadlines' };
  if (path === '/approvals') return { name: 'approvals' };
  if (path === '/duty-checks') return { name: 'dutyChecks' };
  if (path === '/renovations') return { name: 'renovations' };
  if (path === '/renovations/new') return { name: 'renovationNew' };
  if (path === '/renovations/league') return { name: 'renovationLeague' };
  const renovation = /^\/renovations\/([^/]+)$/.exec(path);
  if (renovation) return { name: 'renovation', id: decodeURIComponent(renovation[1]!) };
  const item = /^\/items\/([^/]+)$/.exec(path);
  if (item) return { name: 'item', id: decodeURIComponent(item[1]!) };
  const kase = /^\/cases\/([^/]+)$/.exec(path);
  if (kase) return { name: 'case', id: decodeURIComponent(kase[1]!) };
  const doc = /^\/cases\/([^/]+)\/documents\/(filing|notice|decision)$/.exec(path);
  if (doc) return { name: 'caseDocument', id: decodeURIComponent(doc[1]!), doc: doc[2] as CaseDocumentKind };
  return { name: 'home' };
}

const one = (re: RegExp, path: string): string | null => {
  const m = re.exec(path);
  return m ? decodeURIComponent(m[1]!) : null;
};

/** Figures, hotspots and plans, workrooms, the practice library (SPEC §9, §11). */
function parseCommunityWorkRoute(path: string, search: string): Route | null {
  switch (path) {
    case '/figures':
      return { name: 'figures' };
    case '/figures/items':
      return { name: 'figureItems', search: search.replace(/^\?/, '') };
    case '/hotspots':
      return { name: 'hotspots' };
    case '/hotspots/import':
      return { name: 'hotspotImport' };
    case '/hotspots/mark':
      return { name: 'hotspotMark' };
    case '/workrooms':
      return { name: 'workrooms' };
    case '/practice':
      return { name: 'practice' };
    case '/practice/mine':
      return { name: 'practiceMine' };
    case '/practice/review':
      return { name: 'practiceReview' };
    case '/practice/new':
      return { name: 'practiceNew' };
  }
  let id: string | null;
  if ((id = one(/^\/hotspots\/([^/]+)\/plans\/new$/, path))) return { name: 'planNew', hotspotId: id };
  if ((id = one(/^\/hotspots\/([^/]+)$/, path))) return { name: 'hotspot', id };
  if ((id = one(/^\/plans\/([^/]+)$/, path))) return { name: 'plan', id };
  if ((id = one(/^\/workrooms\/([^/]+)$/, path))) return { name: 'workroom', communityId: id };
  if ((id = one(/^\/practice\/([^/]+)\/edit$/, path))) return { name: 'practiceEdit', id };
  if ((id = one(/^\/practice\/([^/]+)$/, path))) return { name: 'practiceCase', id };
  return null;
}

/** Duty and patrols (勤务, issue #7). */
function parsePatrolRoute(path: string): Route | null {
  if (path === '/patrols') return { name: 'patrols' };
  if (path === '/patrols/roster') return { name: 'roster' };
  if (path === '/patrols/coverage') return { name: 'coverage' };
  const id = one(/^\/patrols\/([^/]+)$/, path);
  return id ? { name: 'patrol', id } : null;
}

/** 管执联动 (issue #8): referrals, joint actions, the affordable-housing series. */
function parsePartnerRoute(path: string): Route | null {
  switch (path) {
    case '/referrals':
      return { name: 'referrals' };
    case '/referrals/new':
      return { name: 'referralNew' };
    case '/joint-actions':
      return { name: 'jointActions' };
    case '/joint-actions/new':
      return { name: 'jointActionNew' };
    case '/affordable-housing':
      return { name: 'affordableHousing' };
  }
  let id: string | null;
  if ((id = one(/^\/referrals\/([^/]+)\/letter$/, path))) return { name: 'referralLetter', id };
  if ((id = one(/^\/referrals\/([^/]+)$/, path))) return { name: 'referral', id };
  if ((id = one(/^\/joint-actions\/([^/]+)$/, path))) return { name: 'jointAction', id };
  return null;
}

export function routePath(route: Route): string {
  const e = encodeURIComponent;
  switch (route.name) {
    case 'figureItems':
      return `/figures/items${route.search ? `?${route.search}` : ''}`;
    case 'hotspotImport':
      return '/hotspots/import';
    case 'hotspotMark':
      return '/hotspots/mark';
    case 'hotspot':
      return `/hotspots/${e(route.id)}`;
    case 'planNew':
      return `/hotspots/${e(route.hotspotId)}/plans/new`;
    case 'plan':
      return `/plans/${e(route.id)}`;
    case 'workroom':
      return `/workrooms/${e(route.communityId)}`;
    case 'practiceMine':
      return '/practice/mine';
    case 'practiceReview':
      return '/practice/review';
    case 'practiceNew':
      return '/practice/new';
    case 'practiceCase':
      return `/practice/${e(route.id)}`;
    case 'practiceEdit':
      return `/practice/${e(route.id)}/edit`;
    case 'patrol':
      return `/patrols/${e(route.id)}`;
    case 'roster':
      return '/patrols/roster';
    case 'coverage':
      return '/patrols/coverage';
    case 'referralNew':
      return '/referrals/new';
    case 'referral':
      return `/referrals/${e(route.id)}`;
    case 'referralLetter':
      return `/referrals/${e(route.id)}/letter`;
    case 'jointActions':
      return '/joint-actions';
    case 'jointActionNew':
      return '/joint-actions/new';
    case 'jointAction':
      return `/joint-actions/${e(route.id)}`;
    case 'affordableHousing':
      return '/affordable-housing';
    case 'home':
      return '/';
    case 'item':
      return `/items/${encodeURIComponent(route.id)}`;
    case 'case':
      return `/cases/${encodeURIComponent(route.id)}`;
    case 'caseDocument':
      return `/cases/${encodeURIComponent(route.id)}/documents/${route.doc}`;
    case 'dutyChecks':
      return '/duty-checks';
    case 'renovationNew':
      return '/renovations/new';
    case 'renovationLeague':
      return '/renovations/league';
    case 'renovation':
      return `/renovations/${encodeURIComponent(route.id)}`;
    default:
      return `/${route.name}`;
  }
}
