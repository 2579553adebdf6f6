// Shared by the case screens' tests: an App mounted at a path with stubbed GraphQL answers.
import { render } from '@testing-library/preact';
import { App } from '../../app';
import { loadLang, type Lang } from '../../i18n';
import { REFRESH_TOKEN_KEY, SessionManager, USER_KEY, type RequestFn } from '../../session';
import type { Item, User } from '../../graphql/types';
import type { Case, CaseSummary } from '../../graphql/case-types';
import { OutboxController } from '../../outbox/page';
import { openOutbox } from '../../outbox/store';

export const officer: User = { id: 'o1', displayName: '李强', role: 'OFFICER', status: 'ACTIVE', scope: { kind: 'SQUAD', label: '第一中队' } };
export const supervisor: User = { ...officer, id: 's1', displayName: '张队', role: 'SUPERVISOR', scope: { kind: 'DISTRICT', label: '长宁区' } };
export const firm: User = { id: 'p1', displayName: '安化物业', role: 'PROPERTY', status: 'ACTIVE', scope: { kind: 'COMMUNITIES', label: '安化小区' } };

export function kase(patch: Partial<Case> = {}): Case {
  return {
    id: 'k1',
    number: '长宁城管立〔2026〕0001号',
    stage: 'NOTIFIED',
    procedure: 'ORDINARY',
    origin: 'COMPLAINT',
    matter: {
      code: 'A3',
      name: '将没有防水要求的房间或者阳台改为卫生间、厨房间',
      legalBasis: '住宅室内装饰装修管理办法 §5(二) §38(一)',
      fineMinCny: 500,
      fineMaxCny: 10000,
      fineSeriousMaxCny: 20000,
      mandatoryCase: true,
      focus: false,
    },
    community: { id: 'c1', name: '安化小区' },
    unitLabel: '1号楼 101',
    handlingUnit: { id: 'u1', name: '长宁区城管执法局第一中队' },
    officer: '李强',
    facts: '擅自将阳台改为卫生间',
    parties: [
      { id: 'pa1', kind: 'OWNER', name: '王某', idNumber: '310105198001011234', phone: '13900000009', address: '安化小区1号楼101', organisation: false },
    ],
    items: [{ id: 'i1', kind: 'COMPLAINT', source: 'CITIZEN_COMPLAINT', status: 'CONVERTED_TO_CASE', createdAt: '2026-11-20T01:00:00Z', description: '楼上阳台改卫生间，漏水' }],
    evidence: [
      {
        id: 'e1',
        kind: 'INSPECTION_RECORD',
        title: '现场检查笔录',
        body: '阳台已铺设卫生洁具',
        thumbnailUrl: null,
        url: null,
        capturedAt: '2026-11-21T02:00:00Z',
        latitude: 31.2188,
        longitude: 121.4379,
        addedBy: '李强',
        createdAt: '2026-11-21T02:05:00Z',
      },
    ],
    proposed: { kind: 'FINE', fineCny: 3000, rectifyBy: null, demolish: false, seriousReason: null, text: null, major: false },
    decision: null,
    legalReview: null,
    hearingAt: null,
    servedInPerson: null,
    filedAt: '2026-11-20T02:00:00Z',
    notifiedAt: '2026-11-22T02:00:00Z',
    decidedAt: null,
    servedAt: null,
    executedAt: null,
    closedAt: null,
    recheckDueAt: null,
    clocks: [
      { kind: 'HEARING_REQUEST', dueAt: '2026-11-29T15:59:59Z', state: 'NEAR' },
      { kind: 'DECISION', dueAt: '2027-02-18T15:59:59Z', state: 'RUNNING' },
    ],
    nextDeadline: '2026-11-29T15:59:59Z',
    overdue: false,
    nearDue: true,
    priority: 2,
    restorationReportAttached: false,
    version: 3,
    availableActions: ['DECIDE', 'REQUEST_HEARING', 'HAND_OVER'],
    chronology: [{ at: '2026-11-20T02:00:00Z', action: 'OPEN', fromStage: null, toStage: 'FILED', note: null, actorName: '李强', actorRole: 'OFFICER' }],
    approvals: [],
    dutyChecks: [],
    ...patch,
  };
}

export function summary(patch: Partial<CaseSummary> = {}): CaseSummary {
  const k = kase();
  return {
    id: k.id,
    number: k.number,
    stage: k.stage,
    procedure: k.procedure,
    matter: { code: k.matter.code, name: k.matter.name },
    community: k.community,
    unitLabel: k.unitLabel,
    officer: k.officer,
    parties: [{ id: 'pa1', kind: 'OWNER', name: '王某', idNumber: '310***********1234' }],
    clocks: k.clocks,
    nextDeadline: k.nextDeadline,
    overdue: false,
    nearDue: true,
    priority: 2,
    ...patch,
  };
}

export function item(patch: Partial<Item> = {}): Item {
  return {
    id: 'i1',
    kind: 'COMPLAINT',
    source: 'CITIZEN_COMPLAINT',
    status: 'VERIFYING',
    matter: { code: 'A3', name: '将没有防水要求的房间或者阳台改为卫生间、厨房间' },
    community: { id: 'c1', name: '安化小区' },
    unitLabel: '1号楼 101',
    description: '楼上阳台改卫生间，漏水',
    topic: null,
    createdAt: '2026-11-27T01:00:00Z',
    publicSafety: false,
    priority: 0,
    nextDeadline: null,
    overdue: false,
    nearDue: false,
    filerCount: 1,
    mine: false,
    reopened: false,
    seenAt: null,
    mediaAttention: false,
    anonymous: false,
    late: false,
    filer: null,
    reply: null,
    rating: null,
    ratingComment: null,
    resolution: null,
    department: null,
    dissuasion: null,
    reasons: null,
    measures: null,
    answer: null,
    adoption: null,
    photos: [],
    availableActions: ['RESOLVE'],
    timeline: [],
    ...patch,
  };
}

let dbCount = 0;
export let calls: { name: string; vars: any; files?: unknown }[] = [];

export function mountAt(
  path: string,
  user: User,
  handlers: Record<string, (vars: any) => unknown>,
  opts: { online?: () => boolean } = {},
) {
  calls = [];
  history.replaceState(null, '', path);
  localStorage.setItem(REFRESH_TOKEN_KEY, 'r');
  localStorage.setItem(USER_KEY, JSON.stringify(user));
  const langRef = { current: loadLang(localStorage) as Lang };
  const send: RequestFn = async (op, variables, options) => {
    calls.push({ name: op.operationName, vars: variables, files: options?.files });
    if (op.operationName === 'RefreshSession') {
      return {
        refreshSession: {
          session: { accessToken: 'a', accessTokenExpiresAt: '', refreshToken: 'r2', refreshTokenExpiresAt: '', user },
          userErrors: [],
        },
      } as never;
    }
    const h = handlers[op.operationName];
    if (!h) throw new Error(`unexpected ${op.operationName}`);
    return h(variables) as never;
  };
  const s = new SessionManager({ storage: localStorage, lang: () => langRef.current, request: send });
  const outbox = new OutboxController({
    db: openOutbox(`cases-test-${++dbCount}`),
    call: (op, variables, files) => s.authed(op, variables, files),
    lang: () => langRef.current,
    registerSync: async () => undefined,
    ...(opts.online ? { online: opts.online } : {}),
  });
  const result = render(<App session={s} storage={localStorage} initialLang={langRef.current} langRef={langRef} outbox={outbox} />);
  return { ...result, outbox };
}
