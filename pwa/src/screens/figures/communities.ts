// The communities of the caller's scope by name, for the pickers (a district has a few hundred).
import { CommunityNamesQuery } from '../../graphql/figure-operations';
import type { Connection } from '../../graphql/types';
import type { Caller } from '../../outbox/send';

export interface CommunityName {
  id: string;
  name: string;
}

export async function loadCommunityNames(call: Caller, maxPages = 20): Promise<CommunityName[]> {
  const all: CommunityName[] = [];
  let after: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: Connection<CommunityName> = (await call(CommunityNamesQuery, { first: 100, after })).myCommunities;
    all.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
  return all;
}
