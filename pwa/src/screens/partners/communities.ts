// The communities of the caller's scope by name (a district has a few hundred), and the buildings
// and units of the one a form chose: read once it is chosen, not with the whole list.
import { useEffect, useState } from 'preact/hooks';
import type { Env } from '../../env';
import { CommunityUnitsQuery, PartnerCommunitiesQuery } from '../../graphql/partner-operations';
import type { Caller } from '../../outbox/send';

export interface CommunityName {
  id: string;
  name: string;
  affordableHousing: boolean;
}
export type Communities = CommunityName[] | null;
export interface CommunityUnits {
  id: string;
  name: string;
  buildings: { id: string; name: string; units: { id: string; number: string }[] }[];
}

export async function loadCommunityNames(call: Caller, maxPages = 20): Promise<CommunityName[]> {
  const all: CommunityName[] = [];
  let after: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const { myCommunities: page }: Awaited<ReturnType<typeof fetchPage>> = await fetchPage(call, after);
    all.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
  return all;
}

function fetchPage(call: Caller, after: string | null) {
  return call(PartnerCommunitiesQuery, { first: 100, after });
}

export function useCommunityNames(env: Pick<Env, 'call' | 'offline'>, onError: (e: unknown) => void): Communities {
  const [list, setList] = useState<Communities>(null);
  useEffect(() => {
    if (env.offline) return;
    let live = true;
    loadCommunityNames(env.call).then(
      (l) => live && setList(l),
      (e: unknown) => live && onError(e),
    );
    return () => {
      live = false;
    };
  }, [env.offline]);
  return list;
}

/** The chosen community's buildings and units; null while none is chosen or it loads. */
export function useCommunityUnits(env: Pick<Env, 'call' | 'offline'>, communityId: string): CommunityUnits | null {
  const [units, setUnits] = useState<CommunityUnits | null>(null);
  useEffect(() => {
    setUnits(null);
    if (!communityId || env.offline) return;
    let live = true;
    env.call(CommunityUnitsQuery, { id: communityId }).then(
      (d) => live && setUnits(d.community),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [communityId, env.offline]);
  return units;
}
