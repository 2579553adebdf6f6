// Pieces the patrol screens share.
import '../../i18n/patrols';
import { useEffect, useState } from 'preact/hooks';
import type { Env } from '../../env';
import type { CommunityDetail } from '../../graphql/types';
import { cachedMyCommunities, loadMyCommunities } from '../../places';

export type Message = { tone: 'status' | 'alert'; text: string } | null;

export function Said({ message }: { message: Message }) {
  return (
    <>
      <div role="alert" class={message?.tone === 'alert' ? 'error' : 'sr-empty'}>
        {message?.tone === 'alert' ? message.text : null}
      </div>
      <div role="status" class={message?.tone === 'status' ? 'notice' : 'sr-empty'}>
        {message?.tone === 'status' ? message.text : null}
      </div>
    </>
  );
}

/** The caller's communities (cached on the phone, refreshed when online). */
export function useMyCommunities(env: Pick<Env, 'call' | 'storage' | 'user' | 'offline'>): CommunityDetail[] | null {
  const { call, storage, user, offline } = env;
  const [list, setList] = useState<CommunityDetail[] | null>(() => cachedMyCommunities(storage, user));
  useEffect(() => {
    if (offline) return;
    loadMyCommunities(call, storage, user).then(setList, () => undefined);
  }, [offline]);
  return list;
}
