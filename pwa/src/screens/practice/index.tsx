// The practice library's chunk (loaded by ../lazy-practice.tsx).
import '../../i18n/practice';
import type { PracticeRoute } from '../lazy-practice';
import { PracticeEditScreen } from './edit';
import { PracticeListScreen } from './list';
import { PracticeCaseScreen } from './practice';

export function PracticeRouter({ route }: { route: PracticeRoute }) {
  switch (route.name) {
    case 'practice':
      return <PracticeListScreen mode="library" />;
    case 'practiceMine':
      return <PracticeListScreen mode="mine" />;
    case 'practiceReview':
      return <PracticeListScreen mode="review" />;
    case 'practiceNew':
      return <PracticeEditScreen id={null} />;
    case 'practiceCase':
      return <PracticeCaseScreen id={route.id} />;
    case 'practiceEdit':
      return <PracticeEditScreen id={route.id} />;
  }
}
