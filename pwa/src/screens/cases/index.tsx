// The case screens' chunk (loaded by ../lazy-cases.tsx).
import '../../i18n/cases';
import type { CaseRoute } from '../lazy-cases';
import { ApprovalsScreen } from './approvals';
import { CaseScreen } from './case';
import { DeadlinesScreen } from './deadlines';
import { CaseDocumentScreen } from './documents';
import { DutyChecksScreen } from './duty-checks';
import { CaseListScreen } from './list';

export function CaseRouter({ route }: { route: CaseRoute }) {
  switch (route.name) {
    case 'cases':
      return <CaseListScreen />;
    case 'case':
      return <CaseScreen id={route.id} />;
    case 'caseDocument':
      return <CaseDocumentScreen id={route.id} doc={route.doc} />;
    case 'deadlines':
      return <DeadlinesScreen />;
    case 'approvals':
      return <ApprovalsScreen />;
    case 'dutyChecks':
      return <DutyChecksScreen />;
  }
}
