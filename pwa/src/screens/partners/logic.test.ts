import { describe, expect, it } from 'vitest';
import '../../i18n/partners';
import { translator } from '../../i18n';
import type { Referral, ReferralSummary } from '../../graphql/partner-types';
import { referralSummary } from './fixtures.test-utils';
import {
  affordableTotals,
  answerClock,
  directionKey,
  errorsByField,
  eventLabel,
  jointActionProblems,
  jointUnitProblems,
  letterContent,
  letterDate,
  loadReferralFilters,
  needsLetter,
  nextFirst,
  onBehalf,
  overdueSpan,
  overdueText,
  recheckState,
  referToBureauProblems,
  referralActions,
  saveReferralFilters,
  textProblem,
  transferClock,
  unitChoices,
  zhDate,
  EMPTY_REFER_TO_BUREAU,
} from './logic';

const zh = translator('zh-CN');
const en = translator('en');

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('what a referral offers', () => {
  it('lists the allowed steps in page order', () => {
    expect(referralActions({ canReceive: true, canAnswer: true, canReturn: true, canResend: false })).toEqual(['receive', 'answer', 'return']);
    expect(referralActions({ canReceive: false, canAnswer: false, canReturn: false, canResend: true })).toEqual(['resend']);
    expect(referralActions({ canReceive: false, canAnswer: false, canReturn: false, canResend: false })).toEqual([]);
  });

  it('a paper department: letter and on-behalf forms for staff only, outgoing only', () => {
    const paper = referralSummary({ department: { ...referralSummary().department, inApp: false } });
    expect(needsLetter(paper)).toBe(true);
    expect(needsLetter(referralSummary())).toBe(false);
    expect(needsLetter({ ...paper, direction: 'INCOMING' })).toBe(false);
    expect(onBehalf('OFFICER', paper)).toBe(true);
    expect(onBehalf('SUPERVISOR', paper)).toBe(true);
    expect(onBehalf('HOUSING', paper)).toBe(false);
    expect(onBehalf('OFFICER', referralSummary())).toBe(false);
  });

  it('names the direction as the caller sees it', () => {
    expect(zh(directionKey('HOUSING', 'OUTGOING'))).toBe('转办收件箱');
    expect(zh(directionKey('HOUSING', 'INCOMING'))).toBe('我方移送');
    expect(zh(directionKey('OFFICER', 'OUTGOING'))).toBe('我局转办');
    expect(zh(directionKey('SUPERVISOR', 'INCOMING'))).toBe('部门移送');
  });

  it('names timeline events, falling back to the state or the code', () => {
    expect(eventLabel(zh, { action: 'RESEND', toState: 'SENT' })).toBe('重新发出');
    expect(eventLabel(zh, { action: 'answer', toState: 'ANSWERED' })).toBe('答复');
    expect(eventLabel(zh, { action: 'SOMETHING', toState: 'RETURNED' })).toBe('已退回');
    expect(eventLabel(zh, { action: 'SOMETHING', toState: null })).toBe('SOMETHING');
  });
});

describe('clocks', () => {
  const due = '2026-12-01T16:00:00Z';
  const at = (iso: string) => Date.parse(iso);

  it('overdue by whole days, else whole hours (at least one); nothing before the limit', () => {
    expect(overdueSpan(due, at('2026-12-01T15:00:00Z'))).toBeNull();
    expect(overdueSpan(due, at(due))).toBeNull();
    expect(overdueSpan(due, at('2026-12-01T16:10:00Z'))).toEqual({ unit: 'hours', n: 1 });
    expect(overdueSpan(due, at('2026-12-01T21:30:00Z'))).toEqual({ unit: 'hours', n: 5 });
    expect(overdueSpan(due, at('2026-12-04T17:00:00Z'))).toEqual({ unit: 'days', n: 3 });
    expect(overdueSpan('not a time', at(due))).toBeNull();
    expect(overdueText(zh, due, at('2026-12-04T17:00:00Z'))).toBe('已逾期 3 天');
    expect(overdueText(en, due, at('2026-12-01T21:30:00Z'))).toBe('overdue by 5 hours');
    // The server says overdue, the phone's clock is behind: still said.
    expect(overdueText(zh, due, at('2026-11-30T00:00:00Z'))).toBe('已逾期');
  });

  it('the answer clock in words for each state (Shanghai time)', () => {
    const now = at('2026-12-03T04:00:00Z');
    expect(answerClock(zh, 'zh-CN', referralSummary({ answerDueAt: due }), at('2026-11-30T00:00:00Z'))).toEqual({
      text: `请于 ${new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(due))} 前答复`,
      tone: 'neutral',
    });
    const late = answerClock(zh, 'zh-CN', referralSummary({ answerDueAt: due, overdue: true }), now);
    expect(late.tone).toBe('danger');
    expect(late.text).toMatch(/^应于 .+ 前答复，已逾期 1 天$/);
    expect(answerClock(zh, 'zh-CN', referralSummary({ state: 'ANSWERED', answeredAt: '2026-11-28T01:00:00Z' }), now).text).toMatch(/^已于 .+ 答复$/);
    const returned = answerClock(en, 'en', referralSummary({ state: 'RETURNED', returnedAt: '2026-11-28T01:00:00Z', overdue: false }), now);
    expect(returned).toEqual({ text: expect.stringMatching(/^Returned /), tone: 'warn' });
  });

  it('the transfer clock: outgoing only, on time or late', () => {
    expect(transferClock(zh, 'zh-CN', referralSummary())!.text).toMatch(/^在转办时限（.+）内发出$/);
    expect(transferClock(zh, 'zh-CN', referralSummary({ sentOnTime: false }))!.tone).toBe('danger');
    expect(transferClock(zh, 'zh-CN', referralSummary({ sentOnTime: null }))!.text).toMatch(/^转办时限 /);
    expect(transferClock(zh, 'zh-CN', referralSummary({ direction: 'INCOMING' }))).toBeNull();
    expect(transferClock(zh, 'zh-CN', referralSummary({ transferDueAt: null }))).toBeNull();
  });
});

describe('the referral letter', () => {
  it('Chinese dates in Shanghai time', () => {
    expect(zhDate('2026-11-27T17:00:00Z')).toBe('2026年11月28日');
    expect(zhDate('2026-01-05')).toBe('2026年1月5日');
    expect(zhDate(null)).toBe('____年__月__日');
  });

  it('is written from the referral: bureau, reference, addressee, place, matter, reason, the answer limit, the latest send', () => {
    const r: ReferralSummary & { events: Referral['events'] } = {
      ...referralSummary({ department: { id: 'd2', name: '长宁区市场监督管理局', kind: 'OTHER', address: '长宁区某路1号', inApp: false } }),
      events: [
        { at: '2026-11-24T02:00:00Z', action: 'SEND', actorName: '刘队员', fromState: null, toState: 'SENT', note: null, onBehalf: false },
        { at: '2026-11-25T02:00:00Z', action: 'RETURN', actorName: '刘队员', fromState: 'SENT', toState: 'RETURNED', note: '材料不全', onBehalf: true },
        { at: '2026-11-26T08:00:00Z', action: 'RESEND', actorName: '刘队员', fromState: 'RETURNED', toState: 'SENT', note: '补充照片', onBehalf: false },
      ],
    };
    const letter = letterContent(r);
    expect(letter.bureau).toBe('长宁区城市管理行政执法局');
    expect(letter.title).toBe('转办函');
    expect(letter.reference).toBe('长城管转〔2026〕0001');
    expect(letter.addressee).toBe('长宁区市场监督管理局：');
    expect(letter.address).toBe('长宁区某路1号');
    expect(letter.paragraphs).toEqual([
      '2026年11月23日，我局收到关于华阳小区 1号楼 302的反映：302室按床位出租，住了十几个人。',
      '涉及事项：B2 按床位出租。',
      '转办理由：群租整治属房管部门职责。',
      '根据职责分工，现将该事项转你单位办理，请于2026年12月1日前函复。',
    ]);
    expect(letter.due).toBe('请于2026年12月1日前函复。');
    expect(letterDate(r)).toBe('2026-11-26T08:00:00Z');
    expect(letter.date).toBe('2026年11月26日');
    // No matter chosen: no line for it; a sentence already ended keeps its mark.
    const plain = letterContent(referralSummary({ reason: '不属于城管职责。', item: { ...referralSummary().item, matterCode: null, matterName: null, unitLabel: null } }));
    expect(plain.paragraphs).toHaveLength(3);
    expect(plain.paragraphs[0]).toContain('关于华阳小区的反映');
    expect(plain.paragraphs[1]).toBe('转办理由：不属于城管职责。');
    expect(plain.date).toBe('2026年11月24日');
  });
});

describe('the forms’ own checks', () => {
  it('answer, return and re-send need text', () => {
    expect(textProblem('  ')).toBe('required');
    expect(textProblem('已处理')).toBeNull();
  });

  it('移送城管: community, description and reason', () => {
    expect(referToBureauProblems(EMPTY_REFER_TO_BUREAU)).toEqual({ communityId: 'requiredChoice', description: 'required', reason: 'required' });
    expect(referToBureauProblems({ ...EMPTY_REFER_TO_BUREAU, communityId: 'c1', description: 'x', reason: ' y ' })).toEqual({});
  });

  it('a joint action: title, focus, community, a valid day, at least one department', () => {
    const ok = { title: '华阳小区群租整治', focus: 'GROUP_RENTING' as const, communityId: 'c1', actionOn: '2026-11-27', departmentIds: ['d1'], note: '' };
    expect(jointActionProblems(ok)).toEqual({});
    expect(jointActionProblems({ ...ok, departmentIds: [] })).toEqual({ departmentIds: 'pickDepartment' });
    expect(jointActionProblems({ title: ' ', focus: '', communityId: '', actionOn: '', departmentIds: [], note: '' })).toEqual({
      title: 'required',
      focus: 'requiredChoice',
      communityId: 'requiredChoice',
      actionOn: 'required',
      departmentIds: 'pickDepartment',
    });
    expect(jointActionProblems({ ...ok, actionOn: '27/11/2026' })).toEqual({ actionOn: 'badDate' });
  });

  it('a unit: unit, finding, outcome; the re-check not before the action', () => {
    const ok = { unitId: 'u1', finding: '一室隔成三间', outcome: 'VIOLATION' as const, caseNumber: '', recheckDueOn: '' };
    expect(jointUnitProblems(ok, '2026-11-27')).toEqual({});
    expect(jointUnitProblems({ ...ok, recheckDueOn: '2026-11-26' }, '2026-11-27')).toEqual({ recheckDueOn: 'recheckBeforeAction' });
    expect(jointUnitProblems({ ...ok, recheckDueOn: '2026-12-27' }, '2026-11-27')).toEqual({});
    expect(jointUnitProblems({ unitId: '', finding: '', outcome: '', caseNumber: '', recheckDueOn: 'x' }, '2026-11-27')).toEqual({
      unitId: 'requiredChoice',
      finding: 'required',
      outcome: 'requiredChoice',
      recheckDueOn: 'badDate',
    });
  });

  it('userErrors go to the field they name (last matching segment), the rest to the form', () => {
    expect(
      errorsByField(
        [
          { field: ['answer'], code: 'REQUIRED', message: '请填写答复' },
          { field: ['input', 'caseNumber'], code: 'NOT_YOUR_CASE', message: '不是你承办的案件' },
          { field: ['input', 'caseNumber'], code: 'X', message: '再说一次' },
          { field: [], code: 'STATE', message: '已答复' },
        ],
        ['answer', 'caseNumber'],
      ),
    ).toEqual({ byField: { answer: '请填写答复', caseNumber: '不是你承办的案件 再说一次' }, rest: ['已答复'] });
  });
});

describe('lists', () => {
  it('the partner starts on its inbox; officers on both directions; choices are kept per role', () => {
    const s = memoryStorage();
    expect(loadReferralFilters(s, 'HOUSING')).toEqual({ direction: 'OUTGOING', state: '' });
    expect(loadReferralFilters(s, 'OFFICER')).toEqual({ direction: '', state: '' });
    saveReferralFilters(s, 'HOUSING', { direction: 'INCOMING', state: 'RETURNED' });
    expect(loadReferralFilters(s, 'HOUSING')).toEqual({ direction: 'INCOMING', state: 'RETURNED' });
    expect(loadReferralFilters(s, 'OFFICER')).toEqual({ direction: '', state: '' });
    s.setItem('gongzhi.referralFilter.HOUSING', '{"direction":"SIDEWAYS","state":"LOST"}');
    expect(loadReferralFilters(s, 'HOUSING')).toEqual({ direction: 'OUTGOING', state: '' });
    s.setItem('gongzhi.referralFilter.OFFICER', 'not json');
    expect(loadReferralFilters(s, 'OFFICER')).toEqual({ direction: '', state: '' });
  });

  it('one more page: read again, longer, up to the server’s limit', () => {
    expect(nextFirst(30, true, 30)).toBe(60);
    expect(nextFirst(90, true, 30)).toBe(100);
    expect(nextFirst(100, true, 30)).toBeNull();
    expect(nextFirst(12, false, 30)).toBeNull();
  });

  it('units as "building unit"; re-check states', () => {
    expect(unitChoices({ buildings: [{ name: '12号', units: [{ id: 'u1', number: '302室' }, { id: 'u2', number: '303室' }] }] })).toEqual([
      { id: 'u1', label: '12号 302室' },
      { id: 'u2', label: '12号 303室' },
    ]);
    expect(unitChoices(null)).toEqual([]);
    expect(recheckState({ recheckDueOn: '2026-12-27', recheckedOn: '2026-12-20' }, '2027-01-10')).toBe('done');
    expect(recheckState({ recheckDueOn: '2026-12-27', recheckedOn: null }, '2026-12-28')).toBe('overdue');
    expect(recheckState({ recheckDueOn: '2026-12-27', recheckedOn: null }, '2026-12-27')).toBe('due');
    expect(recheckState({ recheckDueOn: null, recheckedOn: null }, '2026-12-27')).toBe('none');
  });

  it('affordable-housing totals: the server’s item and case totals, the rest summed', () => {
    const row = (id: string, n: number) => ({ communityId: id, communityName: id, items: n, openItems: 1, cases: n, openCases: 1, jointActions: 2, rechecksDue: n });
    expect(affordableTotals({ from: '2026-11-01', to: '2026-11-27', rows: [row('a', 3), row('b', 4)], totalItems: 7, totalCases: 6 })).toEqual({
      items: 7,
      openItems: 2,
      cases: 6,
      openCases: 2,
      jointActions: 4,
      rechecksDue: 7,
    });
  });
});
