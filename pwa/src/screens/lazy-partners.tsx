// 管执联动 (issue #8): referrals (转办 / 部门移送), the printed referral letter, joint actions (联合执法)
// and the affordable-housing series are a chunk of their own, loaded the first time one of them opens,
// like the case screens (see lazy-cases.tsx): residents and firms never download them. The service
// worker precaches every chunk, so they open offline as well.
import { ChunkScreens, lazyChunk } from './lazy-chunk';
import type { Route } from '../router';

type PartnerRouteName =
  | 'referrals'
  | 'referralNew'
  | 'referral'
  | 'referralLetter'
  | 'jointActions'
  | 'jointActionNew'
  | 'jointAction'
  | 'affordableHousing';
export type PartnerRoute = Extract<Route, { name: PartnerRouteName }>;
const NAMES: ReadonlySet<Route['name']> = new Set<PartnerRouteName>([
  'referrals',
  'referralNew',
  'referral',
  'referralLetter',
  'jointActions',
  'jointActionNew',
  'jointAction',
  'affordableHousing',
]);

export function isPartnerRoute(route: Route): route is PartnerRoute {
  return NAMES.has(route.name);
}

const chunk = lazyChunk(() => import('./partners'));

export function PartnerScreens({ route }: { route: PartnerRoute }) {
  return <ChunkScreens chunk={chunk} render={(m) => <m.PartnerRouter route={route} />} />;
}
