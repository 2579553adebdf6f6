// 管执联动 (issue #8) without the DOM: what a referral offers now, its clocks in words, the printed
// letter's text, the forms' own checks, userErrors by field, and the affordable-housing totals.
import type { Lang, MessageKey, Translate } from '../../i18n';
import type { Role, UserError } from '../../graphql/types';
import type {
  AffordableRow,
  AffordableSeries,
  JointActionUnit,
  JointFocus,
  JointUnitOutcome,
  NaiveDate,
  Referral,
  ReferralDirection,
  ReferralState,
  ReferralSummary,
} from '../../graphql/partner-types';
import { REFERRAL_DIRECTIONS, REFERRAL_STATES } from '../../graphql/partner-types';

/** The bureau the letters come from (the pilot district's). */
export const BUREAU_NAME = '长宁区城市管理行政执法局';

export const isStaff = (role: Role) => role === 'OFFICER' || role === 'SUPERVISOR';

export const referralPath = (id: string) => `/referrals/${encodeURIComponent(id)}`;
export const letterPath = (id: string) => `/referrals/${encodeURIComponent(id)}/letter`;
export const jointActionPath = (id: string) => `/joint-actions/${encodeURIComponent(id)}`;
export const itemPath = (id: string) => `/items/${encodeURIComponent(id)}`;
export const casePath = (id: string) => `/cases/${encodeURIComponent(id)}`;

// ---- What a referral offers ----

export type ReferralAction = 'receive' | 'answer' | 'return' | 'resend';

/** The steps the server allows the caller now, in the order the page shows them. */
export function referralActions(r: Pick<Referral, 'canReceive' | 'canAnswer' | 'canReturn' | 'canResend'>): ReferralAction[] {
  const out: ReferralAction[] = [];
  if (r.canReceive) out.push('receive');
  if (r.canAnswer) out.push('answer');
  if (r.canReturn) out.push('return');
  if (r.canResend) out.push('resend');
  return out;
}

/**
 * An officer records the answer or return of a department that has no accounts (its paper letter):
 * the forms say so. Any answer the caller may give on an outgoing referral to such a department is one.
 */
export function onBehalf(role: Role, r: Pick<ReferralSummary, 'direction' | 'department'>): boolean {
  return isStaff(role) && r.direction === 'OUTGOING' && !r.department.inApp;
}

/** The printed letter is for outgoing referrals to departments that answer on paper. */
export function needsLetter(r: Pick<ReferralSummary, 'direction' | 'department'>): boolean {
  return r.direction === 'OUTGOING' && !r.department.inApp;
}

export const STATE_TONE: Record<ReferralState, 'new' | 'active' | 'done' | 'warn'> = {
  SENT: 'new',
  RECEIVED: 'active',
  ANSWERED: 'done',
  RETURNED: 'warn',
};

export function isOpen(state: ReferralState): boolean {
  return state === 'SENT' || state === 'RECEIVED';
}

/** Direction in words, as the caller sees it: a partner's OUTGOING is what the bureau sent to them. */
export function directionKey(role: Role, d: ReferralDirection): MessageKey {
  if (role === 'HOUSING') return d === 'OUTGOING' ? 'ref.dir.toUs' : 'ref.dir.fromUs';
  return d === 'OUTGOING' ? 'ref.dir.outgoing' : 'ref.dir.incoming';
}

const EVENT_KEYS: Record<string, MessageKey> = {
  SEND: 'ref.event.SEND',
  RECEIVE: 'ref.event.RECEIVE',
  ANSWER: 'ref.event.ANSWER',
  RETURN: 'ref.event.RETURN',
  RESEND: 'ref.event.RESEND',
};

/** A timeline event's name: a known action, else the state it led to, else the server's code. */
export function eventLabel(t: Translate, e: { action: string; toState: ReferralState | null }): string {
  const key = EVENT_KEYS[e.action.toUpperCase()];
  if (key) return t(key);
  if (e.toState && (REFERRAL_STATES as readonly string[]).includes(e.toState)) return t(`ref.state.${e.toState}`);
  return e.action;
}

// ---- Clocks ----

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How long past `dueAt` it is at `now`: whole days, else whole hours (at least 1); null when not past. */
export function overdueSpan(dueAt: string, now: number): { unit: 'days' | 'hours'; n: number } | null {
  const due = Date.parse(dueAt);
  if (Number.isNaN(due) || now <= due) return null;
  const late = now - due;
  if (late >= DAY_MS) return { unit: 'days', n: Math.floor(late / DAY_MS) };
  return { unit: 'hours', n: Math.max(1, Math.floor(late / HOUR_MS)) };
}

/** "已逾期 3 天" / "已逾期 5 小时" (plain "已逾期" when the server says overdue and the phone's clock disagrees). */
export function overdueText(t: Translate, dueAt: string, now: number): string {
  const span = overdueSpan(dueAt, now);
  if (!span) return t('ref.overdue');
  return t(span.unit === 'days' ? 'ref.overdueDays' : 'ref.overdueHours', { n: String(span.n) });
}

export function formatTime(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(d);
}

/** "2026年11月27日" / "27 Nov 2026" from a NaiveDate (no time zone shift). */
export function formatDate(lang: Lang, date: string | null | undefined): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export type Tone = 'neutral' | 'warn' | 'danger' | 'done';

/** The answer clock in words: answered / returned at, overdue by, or due by. */
export function answerClock(
  t: Translate,
  lang: Lang,
  r: Pick<ReferralSummary, 'state' | 'answerDueAt' | 'overdue' | 'answeredAt' | 'returnedAt'>,
  now: number,
): { text: string; tone: Tone } {
  const due = formatTime(lang, r.answerDueAt);
  if (r.state === 'ANSWERED') return { text: t('ref.clock.answered', { time: formatTime(lang, r.answeredAt) || due }), tone: 'done' };
  if (r.state === 'RETURNED') return { text: t('ref.clock.returned', { time: formatTime(lang, r.returnedAt) || due }), tone: 'warn' };
  if (r.overdue) return { text: t('ref.clock.overdue', { time: due, late: overdueText(t, r.answerDueAt, now) }), tone: 'danger' };
  return { text: t('ref.clock.due', { time: due }), tone: 'neutral' };
}

/** Outgoing only: the 3-working-day transfer limit, and whether the first send kept it. */
export function transferClock(
  t: Translate,
  lang: Lang,
  r: Pick<ReferralSummary, 'direction' | 'transferDueAt' | 'sentOnTime'>,
): { text: string; tone: Tone } | null {
  if (r.direction !== 'OUTGOING' || !r.transferDueAt) return null;
  const time = formatTime(lang, r.transferDueAt);
  if (r.sentOnTime === true) return { text: t('ref.transfer.onTime', { time }), tone: 'done' };
  if (r.sentOnTime === false) return { text: t('ref.transfer.late', { time }), tone: 'danger' };
  return { text: t('ref.transfer.due', { time }), tone: 'neutral' };
}

// ---- The printed letter (Chinese whatever the interface language) ----

/** "2026年11月27日" in Shanghai from an RFC 3339 time or a NaiveDate. */
export function zhDate(value: string | null | undefined): string {
  if (!value) return '____年__月__日';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return `${get('year')}年${get('month')}月${get('day')}日`;
}

const sentence = (s: string) => {
  const text = s.trim();
  return /[。.！!？?；;]$/.test(text) ? text : `${text}。`;
};

export interface Letter {
  bureau: string;
  title: string;
  reference: string;
  addressee: string;
  address: string | null;
  paragraphs: string[];
  /** "请于……前函复": the answer limit. */
  due: string;
  date: string;
}

/** When the letter went out: the latest send (a re-send restarts the answer clock), else the first. */
export function letterDate(r: Pick<ReferralSummary, 'sentAt'> & { events?: Referral['events'] }): string {
  const sends = (r.events ?? []).filter((e) => e.action === 'SEND' || e.action === 'RESEND').map((e) => e.at);
  return sends.length > 0 ? sends[sends.length - 1]! : r.sentAt;
}

export function letterContent(r: ReferralSummary & { events?: Referral['events'] }): Letter {
  const i = r.item;
  const place = `${i.communityName}${i.unitLabel ? ` ${i.unitLabel}` : ''}`;
  const paragraphs = [`${zhDate(i.receivedAt)}，我局收到关于${place}的反映：${sentence(i.description)}`];
  if (i.matterName) paragraphs.push(`涉及事项：${i.matterCode ? `${i.matterCode} ` : ''}${sentence(i.matterName)}`);
  paragraphs.push(`转办理由：${sentence(r.reason)}`);
  const due = `请于${zhDate(r.answerDueAt)}前函复。`;
  paragraphs.push(`根据职责分工，现将该事项转你单位办理，${due}`);
  return {
    bureau: BUREAU_NAME,
    title: '转办函',
    reference: r.reference,
    addressee: `${r.department.name}：`,
    address: r.department.address,
    paragraphs,
    due,
    date: zhDate(letterDate(r)),
  };
}

// ---- Forms ----

export type Problem = 'required' | 'requiredChoice' | 'pickDepartment' | 'recheckBeforeAction' | 'badDate';

export const PROBLEM_KEYS: Record<Problem, MessageKey> = {
  required: 'file.required',
  requiredChoice: 'file.requiredChoice',
  pickDepartment: 'ja.pickDepartment',
  recheckBeforeAction: 'ja.recheckBeforeAction',
  badDate: 'ja.badDate',
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const blank = (s: string | null | undefined) => !s || !s.trim();

/** Answer, return reason, re-send note: text is needed. */
export function textProblem(text: string): Problem | null {
  return blank(text) ? 'required' : null;
}

export interface ReferToBureauValues {
  communityId: string;
  unitId: string;
  matterCode: string;
  description: string;
  reason: string;
  externalReference: string;
  seenAt: string;
}

export const EMPTY_REFER_TO_BUREAU: ReferToBureauValues = {
  communityId: '',
  unitId: '',
  matterCode: '',
  description: '',
  reason: '',
  externalReference: '',
  seenAt: '',
};

export function referToBureauProblems(v: ReferToBureauValues): Partial<Record<keyof ReferToBureauValues, Problem>> {
  const p: Partial<Record<keyof ReferToBureauValues, Problem>> = {};
  if (!v.communityId) p.communityId = 'requiredChoice';
  if (blank(v.description)) p.description = 'required';
  if (blank(v.reason)) p.reason = 'required';
  return p;
}

export interface JointActionValues {
  title: string;
  focus: JointFocus | '';
  communityId: string;
  actionOn: string;
  departmentIds: string[];
  note: string;
}

export function jointActionProblems(v: JointActionValues): Partial<Record<keyof JointActionValues, Problem>> {
  const p: Partial<Record<keyof JointActionValues, Problem>> = {};
  if (blank(v.title)) p.title = 'required';
  if (!v.focus) p.focus = 'requiredChoice';
  if (!v.communityId) p.communityId = 'requiredChoice';
  if (!v.actionOn) p.actionOn = 'required';
  else if (!DATE_RE.test(v.actionOn)) p.actionOn = 'badDate';
  if (v.departmentIds.length === 0) p.departmentIds = 'pickDepartment';
  return p;
}

export interface JointUnitValues {
  unitId: string;
  finding: string;
  outcome: JointUnitOutcome | '';
  caseNumber: string;
  recheckDueOn: string;
}

export const EMPTY_JOINT_UNIT: JointUnitValues = { unitId: '', finding: '', outcome: '', caseNumber: '', recheckDueOn: '' };

export function jointUnitProblems(v: JointUnitValues, actionOn: NaiveDate): Partial<Record<keyof JointUnitValues, Problem>> {
  const p: Partial<Record<keyof JointUnitValues, Problem>> = {};
  if (!v.unitId) p.unitId = 'requiredChoice';
  if (blank(v.finding)) p.finding = 'required';
  if (!v.outcome) p.outcome = 'requiredChoice';
  if (v.recheckDueOn) {
    if (!DATE_RE.test(v.recheckDueOn)) p.recheckDueOn = 'badDate';
    else if (v.recheckDueOn < actionOn) p.recheckDueOn = 'recheckBeforeAction';
  }
  return p;
}

/** userErrors by the field the form shows (the last segment of the path that is one), the rest for the form. */
export function errorsByField(errors: readonly UserError[], fields: readonly string[]): { byField: Record<string, string>; rest: string[] } {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const e of errors) {
    const name = [...e.field].reverse().find((f) => fields.includes(f));
    if (name) byField[name] = byField[name] ? `${byField[name]} ${e.message}` : e.message;
    else rest.push(e.message);
  }
  return { byField, rest };
}

// ---- Lists ----

export interface ReferralFilters {
  direction: ReferralDirection | '';
  state: ReferralState | '';
}

const FILTER_KEY = 'gongzhi.referralFilter';

/** The partner starts on its inbox (what the bureau sent); officers on both directions. */
export function loadReferralFilters(storage: Storage, role: Role): ReferralFilters {
  const fallback: ReferralFilters = { direction: role === 'HOUSING' ? 'OUTGOING' : '', state: '' };
  try {
    const f = JSON.parse(storage.getItem(`${FILTER_KEY}.${role}`) ?? '{}') as Partial<ReferralFilters>;
    const direction = f.direction && REFERRAL_DIRECTIONS.includes(f.direction) ? f.direction : fallback.direction;
    return {
      // The partner always looks at one side: its inbox or what it sent.
      direction: role === 'HOUSING' && !direction ? 'OUTGOING' : direction,
      state: f.state && REFERRAL_STATES.includes(f.state) ? f.state : '',
    };
  } catch {
    return fallback;
  }
}

export function saveReferralFilters(storage: Storage, role: Role, f: ReferralFilters): void {
  try {
    storage.setItem(`${FILTER_KEY}.${role}`, JSON.stringify(f));
  } catch {
    // best effort
  }
}

/** The most the server gives in one page. */
export const MAX_PAGE = 100;

/**
 * How many to ask for to show one more page: the connection carries no cursor, so the list is read
 * again from the start, longer (up to the server's page limit); null when there is no more to show.
 */
export function nextFirst(loaded: number, hasMore: boolean, page: number): number | null {
  if (!hasMore || loaded >= MAX_PAGE) return null;
  return Math.min(MAX_PAGE, loaded + page);
}

/** Every unit of a community as one choice: "1号楼 101". */
export function unitChoices(community: { buildings?: { name: string; units: { id: string; number: string }[] }[] } | null | undefined) {
  if (!community?.buildings) return [];
  return community.buildings.flatMap((b) => b.units.map((u) => ({ id: u.id, label: `${b.name} ${u.number}` })));
}

/** A unit's 回头看: done, past due, due, or none planned. */
export function recheckState(u: Pick<JointActionUnit, 'recheckDueOn' | 'recheckedOn'>, today: NaiveDate): 'done' | 'overdue' | 'due' | 'none' {
  if (u.recheckedOn) return 'done';
  if (!u.recheckDueOn) return 'none';
  return u.recheckDueOn < today ? 'overdue' : 'due';
}

export const OUTCOME_TONE: Record<JointUnitOutcome, Tone> = { NO_VIOLATION: 'done', RECTIFIED_ON_SITE: 'warn', VIOLATION: 'danger' };

export type AffordableTotals = Omit<AffordableRow, 'communityId' | 'communityName'>;

/** The series' totals row: the server's item and case totals, the other columns summed here. */
export function affordableTotals(s: AffordableSeries): AffordableTotals {
  const sum = (k: keyof AffordableTotals) => s.rows.reduce((n, r) => n + r[k], 0);
  return {
    items: s.totalItems,
    openItems: sum('openItems'),
    cases: s.totalCases,
    openCases: sum('openCases'),
    jointActions: sum('jointActions'),
    rechecksDue: sum('rechecksDue'),
  };
}
