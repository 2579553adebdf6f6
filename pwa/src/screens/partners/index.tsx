// The partner screens' chunk (loaded by ../lazy-partners.tsx): referrals, the letter, joint actions,
// the affordable-housing series.
import '../../i18n/partners';
import type { PartnerRoute } from '../lazy-partners';
import { AffordableHousingScreen } from './affordable';
import { JointActionScreen } from './joint-action';
import { JointActionNewScreen } from './joint-action-new';
import { JointActionsScreen } from './joint-actions';
import { ReferralLetterScreen } from './letter';
import { ReferToBureauScreen } from './refer-to-bureau';
import { ReferralScreen } from './referral';
import { ReferralsScreen } from './referrals';

export function PartnerRouter({ route }: { route: PartnerRoute }) {
  switch (route.name) {
    case 'referrals':
      return <ReferralsScreen />;
    case 'referralNew':
      return <ReferToBureauScreen />;
    case 'referral':
      return <ReferralScreen id={route.id} />;
    case 'referralLetter':
      return <ReferralLetterScreen id={route.id} />;
    case 'jointActions':
      return <JointActionsScreen />;
    case 'jointActionNew':
      return <JointActionNewScreen />;
    case 'jointAction':
      return <JointActionScreen id={route.id} />;
    case 'affordableHousing':
      return <AffordableHousingScreen />;
  }
}
