// Pieces the case screens share: chips in words (never colour alone), the fine range, a decision in
// words, and userErrors split into those a form shows next to a field and the rest.
import type { ComponentChildren } from 'preact';
import '../../i18n/cases';
import type { Lang, Translate } from '../../i18n';
import type { UserError } from '../../graphql/types';
import type { CaseMatter, CaseStage, ClockState, Decision, DecisionInput } from '../../graphql/case-types';

const STAGE_TONE: Record<CaseStage, 'new' | 'active' | 'done'> = {
  FILED: 'new',
  INVESTIGATING: 'active',
  NOTIFIED: 'active',
  HEARING: 'active',
  DECIDED: 'active',
  SERVED: 'active',
  EXECUTED: 'active',
  CLOSED: 'done',
};

export function StageChip({ t, stage }: { t: Translate; stage: CaseStage }) {
  return (
    <span class={`chip chip-${STAGE_TONE[stage]}`} data-stage={stage}>
      {t(`stage.${stage}`)}
    </span>
  );
}

const CLOCK_TONE: Record<ClockState, string> = { RUNNING: 'neutral', NEAR: 'warn', PAST: 'danger', DONE: 'done' };

export function ClockChip({ t, state }: { t: Translate; state: ClockState }) {
  return (
    <span class={`chip chip-${CLOCK_TONE[state]}`} data-clock-state={state}>
      {t(`clockState.${state}`)}
    </span>
  );
}

/** Overdue / near-due in words, for a case's next deadline. */
export function DeadlineFlag({ t, overdue, nearDue }: { t: Translate; overdue: boolean; nearDue: boolean }) {
  if (overdue) return <span class="chip chip-danger" data-flag="overdue">{t('flag.overdue')}</span>;
  if (nearDue) return <span class="chip chip-warn" data-flag="near-due">{t('flag.nearDue')}</span>;
  return null;
}

export const casePath = (id: string) => `/cases/${encodeURIComponent(id)}`;
export const itemPath = (id: string) => `/items/${encodeURIComponent(id)}`;

export function Facts({ children }: { children: ComponentChildren }) {
  return <dl class="card facts">{children}</dl>;
}

export function Fact({ label, children, field }: { label: string; children: ComponentChildren; field?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-field={field}>{children}</dd>
    </div>
  );
}

export function formatCny(lang: Lang, n: number): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(n);
}

/** "500–10,000 元" (and the serious band), or null when the matter has no fine. */
export function fineRangeText(t: Translate, lang: Lang, m: Pick<CaseMatter, 'fineMinCny' | 'fineMaxCny' | 'fineSeriousMaxCny'>): string | null {
  if (m.fineMinCny == null && m.fineMaxCny == null) return null;
  const base = t('case.fineRange', {
    min: formatCny(lang, m.fineMinCny ?? 0),
    max: m.fineMaxCny != null ? formatCny(lang, m.fineMaxCny) : '—',
  });
  return m.fineSeriousMaxCny != null ? `${base} ${t('case.fineSerious', { max: formatCny(lang, m.fineSeriousMaxCny) })}` : base;
}

/** Client-side check of a decision against the matter's range (the server checks again). */
export function checkDecision(
  d: DecisionInput,
  m: Pick<CaseMatter, 'fineMinCny' | 'fineMaxCny' | 'fineSeriousMaxCny'>,
): Partial<Record<'fineCny' | 'seriousReason' | 'rectifyBy', 'required' | 'range' | 'serious'>> {
  const problems: Partial<Record<'fineCny' | 'seriousReason' | 'rectifyBy', 'required' | 'range' | 'serious'>> = {};
  if (d.kind === 'FINE') {
    const fine = d.fineCny;
    const upper = m.fineSeriousMaxCny ?? m.fineMaxCny;
    if (fine == null || !Number.isInteger(fine) || fine <= 0) problems.fineCny = 'required';
    else if ((m.fineMinCny != null && fine < m.fineMinCny) || (upper != null && fine > upper)) problems.fineCny = 'range';
    else if (m.fineMaxCny != null && fine > m.fineMaxCny && !d.seriousReason) problems.seriousReason = 'serious';
  }
  if (d.kind === 'ORDER_TO_RECTIFY' && !d.rectifyBy) problems.rectifyBy = 'required';
  return problems;
}

/** The decision in the interface language, for the case page. */
export function decisionSummary(t: Translate, lang: Lang, d: Decision): string {
  const parts = [t(`decision.${d.kind}`)];
  if (d.fineCny != null) parts.push(t('case.fineAmount', { amount: formatCny(lang, d.fineCny) }));
  if (d.rectifyBy) parts.push(t('case.rectifyByDate', { date: d.rectifyBy }));
  if (d.demolish) parts.push(t('case.demolish'));
  return parts.join(' · ');
}

/** The decision as the official documents word it (always Chinese). */
export function decisionTextZh(d: Decision | null): string {
  if (!d) return '';
  const parts: string[] = [];
  if (d.kind === 'WARNING') parts.push('警告');
  if (d.kind === 'FINE' && d.fineCny != null) parts.push(`罚款人民币${d.fineCny.toLocaleString('zh-CN')}元`);
  if (d.rectifyBy) parts.push(`责令于${zhDate(d.rectifyBy)}前改正${d.demolish ? '，拆除违法建筑' : ''}`);
  else if (d.kind === 'ORDER_TO_RECTIFY') parts.push(`责令限期改正${d.demolish ? '，拆除违法建筑' : ''}`);
  const text = parts.join('；');
  return d.text ? `${text}。${d.text}` : `${text}。`;
}

/** "2026年11月27日" from a date or an RFC 3339 time (Shanghai time). */
export function zhDate(value: string | null | undefined): string {
  if (!value) return '____年__月__日';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' }).format(date);
}

export interface SplitErrors {
  /** By the last segment of the field path (["input", "decision", "fineCny"] → fineCny). */
  byField: Record<string, string>;
  /** Messages for no shown field: said at the form. */
  rest: string[];
}

export function splitErrors(errors: readonly UserError[], fields: readonly string[]): SplitErrors {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const e of errors) {
    const name = [...e.field].reverse().find((f) => fields.includes(f));
    if (name) byField[name] = byField[name] ? `${byField[name]} ${e.message}` : e.message;
    else rest.push(e.message);
  }
  return { byField, rest };
}

export const isConflict = (errors: readonly UserError[]) => errors.some((e) => e.code === 'CONFLICT');

/** A `<input type=date>` value for today + `days` (local). */
export function dateInDays(days: number, from = new Date()): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
