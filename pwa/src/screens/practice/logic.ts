// The practice form without the DOM: what the phone checks, and the input it sends.
import type { GovernanceTag, PracticeCase, SavePracticeInput } from '../../graphql/figure-types';

export interface PracticeDraft {
  title: string;
  summary: string;
  body: string;
  tags: GovernanceTag[];
  communityIds: string[];
  caseIds: string[];
}

export type PracticeProblem = 'titleMissing' | 'summaryMissing' | 'bodyMissing' | 'tagsMissing';

export function practiceProblems(d: PracticeDraft): Map<keyof PracticeDraft, PracticeProblem> {
  const out = new Map<keyof PracticeDraft, PracticeProblem>();
  if (!d.title.trim()) out.set('title', 'titleMissing');
  if (!d.summary.trim()) out.set('summary', 'summaryMissing');
  if (!d.body.trim()) out.set('body', 'bodyMissing');
  if (d.tags.length === 0) out.set('tags', 'tagsMissing');
  return out;
}

/** A loaded write-up as a draft; its cases (known by number only) matched against the ones the author can pick. */
export function draftOf(p: PracticeCase, caseOptions: readonly { id: string; number: string }[]): PracticeDraft {
  return {
    title: p.title,
    summary: p.summary,
    body: p.body,
    tags: [...p.tags],
    communityIds: p.communities.map((c) => c.id),
    caseIds: caseOptions.filter((c) => p.caseNumbers.includes(c.number)).map((c) => c.id),
  };
}

export function saveInput(d: PracticeDraft, existing: { id: string; version: number } | null): SavePracticeInput {
  return {
    ...(existing ? { id: existing.id, version: existing.version } : {}),
    title: d.title.trim(),
    summary: d.summary.trim(),
    body: d.body.trim(),
    tags: d.tags,
    communityIds: d.communityIds,
    caseIds: d.caseIds,
  };
}

/** Toggles one value in a list, keeping the order of `all` (so the input is stable). */
export function toggled<T>(list: readonly T[], value: T, on: boolean, all: readonly T[]): T[] {
  const set = new Set(list);
  if (on) set.add(value);
  else set.delete(value);
  const ordered = all.filter((x) => set.has(x));
  // Values not among `all` (e.g. a community outside the loaded page) stay, after the others.
  return [...ordered, ...list.filter((x) => !all.includes(x) && set.has(x))];
}
