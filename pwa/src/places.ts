// Where a filing is about: the resident's home (`me.home`, prefilled), or one of the communities of
// the caller's scope (`myCommunities`: a committee's or firm's). Both are cached on the phone, with
// every building and unit, so a filing can be prepared offline.
import type { Caller } from './outbox/send';
import { MattersQuery, MyCommunitiesQuery, MyHomeQuery } from './graphql/operations';
import type { CommunityDetail, Home, MatterSummary, User } from './graphql/types';
import type { Lang } from './i18n';

export type { Home };

function cached<T>(storage: Storage, key: string): T | null {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function store(storage: Storage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // best effort
  }
}

export const homeKey = (userId: string) => `gongzhi.home.${userId}`;
export const communitiesKey = (userId: string) => `gongzhi.communities.${userId}`;

export function cachedHome(storage: Storage, user: User): Home | null {
  const home = cached<Home>(storage, homeKey(user.id));
  return home && typeof home.communityId === 'string' && typeof home.unitId === 'string' ? home : null;
}

/** The resident's home as the server knows it (`me.home`); null for other roles or an unverified home. */
export async function loadHome(call: Caller, storage: Storage, user: User): Promise<Home | null> {
  if (user.role !== 'RESIDENT') return null;
  const { me } = await call(MyHomeQuery, {});
  if (me.home) store(storage, homeKey(user.id), me.home);
  else storage.removeItem(homeKey(user.id));
  return me.home;
}

export function cachedMyCommunities(storage: Storage, user: User): CommunityDetail[] | null {
  const list = cached<CommunityDetail[]>(storage, communitiesKey(user.id));
  return Array.isArray(list) ? list : null;
}

const PAGE = 100;
/** At most this many pages: a district has a few hundred communities, a firm or committee a handful. */
const MAX_PAGES = 10;

/** The communities of the caller's scope, by name, with their buildings and units. */
export async function loadMyCommunities(call: Caller, storage: Storage, user: User): Promise<CommunityDetail[]> {
  const list: CommunityDetail[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { myCommunities }: Awaited<ReturnType<typeof fetchPage>> = await fetchPage(call, after);
    list.push(...myCommunities.edges.map((e) => e.node));
    if (!myCommunities.pageInfo.hasNextPage || !myCommunities.pageInfo.endCursor) break;
    after = myCommunities.pageInfo.endCursor;
  }
  store(storage, communitiesKey(user.id), list);
  return list;
}

function fetchPage(call: Caller, after: string | null) {
  return call(MyCommunitiesQuery, { first: PAGE, after });
}

/** Narrows the list to the names containing `search` (trimmed, case-insensitive); all when empty. */
export function filterCommunities(list: readonly CommunityDetail[], search: string): CommunityDetail[] {
  const q = search.trim().toLowerCase();
  return q ? list.filter((c) => c.name.toLowerCase().includes(q)) : [...list];
}

export function cachedMatters(storage: Storage, lang: Lang): MatterSummary[] | null {
  return cached<MatterSummary[]>(storage, `gongzhi.matters.${lang}`);
}

export async function loadMatters(call: Caller, storage: Storage, lang: Lang): Promise<MatterSummary[]> {
  const { matters } = await call(MattersQuery, { first: 100 });
  const list = matters.edges.map((e) => e.node);
  store(storage, `gongzhi.matters.${lang}`, list);
  return list;
}
