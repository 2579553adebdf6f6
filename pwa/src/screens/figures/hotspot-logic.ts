// Hotspots and plans without the DOM: reading the CSV the city bureau sends, where a userError
// belongs on a form, a plan form's own checks, and how pattern shares read.
import type { UserError } from '../../graphql/types';
import type { HotspotPatternLabel, MeasureInput, NaiveDate } from '../../graphql/figure-types';

/**
 * The text of a CSV file: UTF-8 (a BOM dropped); a file that is not valid UTF-8 is read as GB18030,
 * which is what Excel on a Chinese Windows saves "CSV" as. The server wants UTF-8: this is it.
 */
export function decodeCsv(bytes: ArrayBuffer | Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    return { text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(data)), encoding: 'utf-8' };
  } catch {
    return { text: stripBom(new TextDecoder('gb18030').decode(data)), encoding: 'gb18030' };
  }
}

const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

export async function readCsvFile(file: Blob): Promise<{ text: string; encoding: 'utf-8' | 'gb18030' }> {
  return decodeCsv(await file.arrayBuffer());
}

/** Lines with content after the header row (what the import will look at). */
export function csvDataLines(text: string): number {
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
  return Math.max(0, lines.length - 1);
}

/** Whether the first line is one of the headers the server accepts ("小区名称,地址" or "name,address"). */
export function hasCsvHeader(text: string): boolean {
  const first = (text.split(/\r\n|\n|\r/)[0] ?? '').replace(/^\uFEFF/, '');
  const cells = first.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return (cells[0] === '小区名称' || cells[0] === 'name') && (cells[1] === '地址' || cells[1] === 'address');
}

/**
 * Where a userError is shown: its field path without the leading "input" ("startedOn",
 * "measures.0.dueOn"); "" for the form as a whole.
 */
export function fieldKey(field: readonly string[]): string {
  const path = field[0] === 'input' ? field.slice(1) : field;
  return path.join('.');
}

/** userErrors by the field they belong to; those of no known field under "". */
export function errorsByField(errors: readonly UserError[], known: ReadonlySet<string> | ((key: string) => boolean)): Map<string, string> {
  const isKnown = typeof known === 'function' ? known : (k: string) => known.has(k);
  const out = new Map<string, string>();
  for (const e of errors) {
    const k = fieldKey(e.field);
    const at = isKnown(k) ? k : '';
    out.set(at, out.has(at) ? `${out.get(at)} ${e.message}` : e.message);
  }
  return out;
}

export interface PlanDraft {
  title: string;
  startedOn: NaiveDate;
  endsOn: NaiveDate;
  measures: MeasureInput[];
}

export type PlanProblem = 'titleMissing' | 'startMissing' | 'endBeforeStart' | 'noMeasures' | 'measureIncomplete';

/** What the phone can check before sending: key → problem ("measures.1" for a measure). */
export function planProblems(d: PlanDraft): Map<string, PlanProblem> {
  const out = new Map<string, PlanProblem>();
  if (!d.title.trim()) out.set('title', 'titleMissing');
  if (!d.startedOn) out.set('startedOn', 'startMissing');
  if (d.startedOn && d.endsOn && d.endsOn < d.startedOn) out.set('endsOn', 'endBeforeStart');
  if (d.measures.length === 0) out.set('measures', 'noMeasures');
  d.measures.forEach((m, i) => {
    if (!m.description.trim() || !m.owner.trim() || !m.dueOn) out.set(`measures.${i}`, 'measureIncomplete');
  });
  return out;
}

/** The input sent for a plan form (trimmed; an empty end date is none). */
export function planInput(hotspotId: string, d: PlanDraft) {
  return {
    hotspotId,
    title: d.title.trim(),
    startedOn: d.startedOn,
    endsOn: d.endsOn || null,
    measures: d.measures.map((m) => ({ description: m.description.trim(), owner: m.owner.trim(), dueOn: m.dueOn })),
  };
}

/** Chip tone of a pattern label (words on the chip, never colour alone). */
export function patternTone(label: HotspotPatternLabel | null): 'danger' | 'warn' | 'neutral' {
  switch (label) {
    case 'SAME_PROBLEM_REPEATED':
      return 'danger';
    case 'ONE_KIND_MANY_TIMES':
    case 'MANY_PROBLEMS_OFTEN':
      return 'warn';
    default:
      return 'neutral';
  }
}

/** The window picker's choices: days back from today (90 is the server's default). */
export const PATTERN_WINDOWS = [30, 90, 180, 365] as const;
export type PatternWindow = (typeof PATTERN_WINDOWS)[number];
