import { beforeEach, describe, expect, it } from 'vitest';
import type { Operation } from './graphql/operations';
import type { CommunityDetail, User } from './graphql/types';
import type { Caller } from './outbox/send';
import { cachedHome, cachedMyCommunities, filterCommunities, loadHome, loadMyCommunities } from './places';

const resident: User = {
  id: 'r1',
  displayName: '王阿姨',
  role: 'RESIDENT',
  status: 'ACTIVE',
  // The label no longer matters: it could be anything, in any language.
  scope: { kind: 'UNIT', label: 'Anhua Estate, Bldg 1, Rm 101' },
};
const firm: User = { ...resident, id: 'f1', role: 'PROPERTY', scope: { kind: 'COMMUNITIES', label: '长宁物业' } };

const community = (id: string, name: string): CommunityDetail => ({
  id,
  name,
  buildings: [{ id: `${id}-b1`, name: '1号楼', units: [{ id: `${id}-u101`, number: '101' }] }],
});

function server(handlers: Record<string, (vars: any) => unknown>) {
  const calls: { name: string; vars: any }[] = [];
  const call: Caller = async <TData, TVariables>(op: Operation<TData, TVariables>, vars: TVariables) => {
    calls.push({ name: op.operationName, vars });
    const h = handlers[op.operationName];
    if (!h) throw new Error(`unexpected ${op.operationName}`);
    return h(vars) as TData;
  };
  return { calls, call };
}

beforeEach(() => localStorage.clear());

describe('places', () => {
  it('the resident’s home comes from me.home (ids, not the label), and is cached for offline filing', async () => {
    const home = { communityId: 'c1', communityName: '安化小区', unitId: 'u101', unitLabel: '1号楼 101' };
    const { calls, call } = server({ MyHome: () => ({ me: { id: 'r1', home } }) });
    await expect(loadHome(call, localStorage, resident)).resolves.toEqual(home);
    expect(calls.map((c) => c.name)).toEqual(['MyHome']);
    expect(cachedHome(localStorage, resident)).toEqual(home);
  });

  it('no home (not verified yet): null, and a cached one is forgotten', async () => {
    localStorage.setItem('gongzhi.home.r1', JSON.stringify({ communityId: 'c1', communityName: 'x', unitId: 'u', unitLabel: '' }));
    const { call } = server({ MyHome: () => ({ me: { id: 'r1', home: null } }) });
    await expect(loadHome(call, localStorage, resident)).resolves.toBeNull();
    expect(cachedHome(localStorage, resident)).toBeNull();
  });

  it('other roles have no home and ask nothing', async () => {
    const { calls, call } = server({});
    await expect(loadHome(call, localStorage, firm)).resolves.toBeNull();
    expect(calls).toEqual([]);
    expect(cachedHome(localStorage, firm)).toBeNull();
  });

  it('myCommunities: every page, with buildings and units, cached per account', async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => community(`c${i}`, `小区${i}`));
    const page2 = [community('c100', '安化小区')];
    const { calls, call } = server({
      MyCommunities: (vars) =>
        vars.after === null
          ? { myCommunities: { edges: page1.map((node) => ({ node })), pageInfo: { hasNextPage: true, endCursor: 'cur100' }, totalCount: 101 } }
          : { myCommunities: { edges: page2.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: 'cur101' }, totalCount: 101 } },
    });
    const list = await loadMyCommunities(call, localStorage, firm);
    expect(list).toHaveLength(101);
    expect(calls.map((c) => c.vars)).toEqual([
      { first: 100, after: null },
      { first: 100, after: 'cur100' },
    ]);
    expect(cachedMyCommunities(localStorage, firm)).toEqual(list);
    expect(cachedMyCommunities(localStorage, resident)).toBeNull();
    expect(list[100]!.buildings[0]!.units[0]!.id).toBe('c100-u101');
  });

  it('the search box narrows the list by name', () => {
    const list = [community('a', '安化小区'), community('b', '华山小区'), community('c', 'Gubei Estate')];
    expect(filterCommunities(list, ' 安化 ').map((c) => c.id)).toEqual(['a']);
    expect(filterCommunities(list, '小区').map((c) => c.id)).toEqual(['a', 'b']);
    expect(filterCommunities(list, 'gubei').map((c) => c.id)).toEqual(['c']);
    expect(filterCommunities(list, '')).toHaveLength(3);
  });
});
