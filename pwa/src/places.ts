// Where a filing is about: the resident's home (prefilled), or one of a committee's / firm's
// communities. Cached on the phone so a filing can be prepared offline.
import type { Caller } from './outbox/send';
import { CommunitiesQuery, CommunityUnitsQuery, MattersQuery } from './graphql/operations';
import type { CommunityDetail, CommunitySummary, MatterSummary, User } from './graphql/types';
import type { Lang } from './i18n';

export interface Home {
  communityId: string;
  communityName: string;
  unitId: string | null;
}

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

export function cachedHome(storage: Storage, user: User): Home | null {
  return cached<Home>(storage, `gongzhi.home.${user.id}`);
}

/**
 * The resident's home as ids. `me` gives only the label ("安化小区 1号楼 101": community, building,
 * unit), so the community is found by name in the public directory and the unit among its
 * buildings. Null when it cannot be matched; the server then uses the home itself.
 */
export async function resolveHome(call: Caller, storage: Storage, user: User): Promise<Home | null> {
  if (user.role !== 'RESIDENT' || user.scope.kind !== 'UNIT') return null;
  const [communityName, buildingName, unitNumber] = user.scope.label.trim().split(/\s+/);
  if (!communityName) return null;
  const { communities } = await call(CommunitiesQuery, { search: communityName, first: 20 });
  const community = communities.edges.map((e) => e.node).find((c) => c.name === communityName);
  if (!community) return null;
  const detail = await loadCommunity(call, storage, community.id);
  const unit = detail.buildings.find((b) => b.name === buildingName)?.units.find((u) => u.number === unitNumber);
  const home: Home = { communityId: community.id, communityName: community.name, unitId: unit?.id ?? null };
  store(storage, `gongzhi.home.${user.id}`, home);
  return home;
}

export function cachedCommunity(storage: Storage, id: string): CommunityDetail | null {
  return cached<CommunityDetail>(storage, `gongzhi.community.${id}`);
}

export async function loadCommunity(call: Caller, storage: Storage, id: string): Promise<CommunityDetail> {
  const { community } = await call(CommunityUnitsQuery, { id });
  store(storage, `gongzhi.community.${id}`, community);
  return community;
}

/**
 * Communities the account works for. The directory is public, so it is narrowed here to the
 * committee's or the firm's own communities (their name is the account's scope label); the server
 * checks the scope again when the filing arrives.
 */
export async function searchMyCommunities(call: Caller, user: User, search: string): Promise<CommunitySummary[]> {
  const { communities } = await call(CommunitiesQuery, { search: search.trim() || null, first: 100 });
  const mine = (c: CommunitySummary) =>
    user.role === 'COMMITTEE'
      ? c.committee?.name === user.scope.label
      : user.role === 'PROPERTY'
        ? c.propertyFirm?.name === user.scope.label
        : true;
  return communities.edges.map((e) => e.node).filter(mine);
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
