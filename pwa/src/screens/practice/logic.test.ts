import { describe, expect, it } from 'vitest';
import type { PracticeCase } from '../../graphql/figure-types';
import { draftOf, practiceProblems, saveInput, toggled } from './logic';

const p: PracticeCase = {
  id: 'p1',
  title: '群租整治',
  summary: '摘要',
  body: '正文',
  tags: ['RULE_OF_LAW', 'CO_GOVERNANCE'],
  status: 'RETURNED',
  author: '李强',
  communities: [{ id: 'c1', name: '安化小区' }],
  caseNumbers: ['长宁城管立〔2026〕12号'],
  reviewNote: '补充数据',
  publishedAt: null,
  updatedAt: '2026-11-27T01:00:00Z',
  version: 4,
  canEdit: true,
  canReview: false,
};

describe('the practice form', () => {
  it('needs a title, a summary, a body and a tag', () => {
    expect(Object.fromEntries(practiceProblems({ title: ' ', summary: '', body: 'x', tags: [], communityIds: [], caseIds: [] }))).toEqual({
      title: 'titleMissing',
      summary: 'summaryMissing',
      tags: 'tagsMissing',
    });
  });

  it('edits a loaded write-up: its cases found by number among the pickable ones', () => {
    const d = draftOf(p, [
      { id: 'k9', number: '长宁城管立〔2026〕9号' },
      { id: 'k12', number: '长宁城管立〔2026〕12号' },
    ]);
    expect(d).toEqual({ title: '群租整治', summary: '摘要', body: '正文', tags: ['RULE_OF_LAW', 'CO_GOVERNANCE'], communityIds: ['c1'], caseIds: ['k12'] });
  });

  it('sends the loaded version with an edit, none with a new one', () => {
    const d = { title: ' t ', summary: ' s ', body: ' b ', tags: ['SMART' as const], communityIds: [], caseIds: [] };
    expect(saveInput(d, { id: 'p1', version: 4 })).toEqual({ id: 'p1', version: 4, title: 't', summary: 's', body: 'b', tags: ['SMART'], communityIds: [], caseIds: [] });
    expect(saveInput(d, null)).not.toHaveProperty('version');
  });

  it('toggles keep the list in a stable order', () => {
    expect(toggled(['b'], 'a', true, ['a', 'b', 'c'])).toEqual(['a', 'b']);
    expect(toggled(['a', 'b'], 'a', false, ['a', 'b', 'c'])).toEqual(['b']);
    expect(toggled(['z'], 'a', true, ['a', 'b'])).toEqual(['a', 'z']);
  });
});
