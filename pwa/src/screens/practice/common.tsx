// Pieces the practice library's screens share.
import '../../i18n/practice';
import type { Translate } from '../../i18n';
import { GraphQLRequestError } from '../../graphql/client';
import type { UserError } from '../../graphql/types';
import type { GovernanceTag, PracticeStatus } from '../../graphql/figure-types';

export const practicePath = (id: string) => `/practice/${encodeURIComponent(id)}`;

const STATUS_TONE: Record<PracticeStatus, string> = { DRAFT: 'neutral', IN_REVIEW: 'active', PUBLISHED: 'done', RETURNED: 'warn' };

export function StatusChip({ t, status }: { t: Translate; status: PracticeStatus | null }) {
  if (!status) return null;
  return (
    <span class={`chip chip-${STATUS_TONE[status]}`} data-practice-status={status}>
      {t(`pr.status.${status}`)}
    </span>
  );
}

export function TagChips({ t, tags }: { t: Translate; tags: readonly GovernanceTag[] }) {
  return (
    <>
      {tags.map((g) => (
        <span key={g} class="chip chip-neutral" data-tag={g}>
          {t(`pr.tag.${g}`)}
        </span>
      ))}
    </>
  );
}

/** A stale version: someone changed the write-up since it was loaded (top-level CONFLICT, or a userError with that code). */
export function isConflict(e: unknown, userErrors: readonly UserError[] = []): boolean {
  return (e instanceof GraphQLRequestError && e.code === 'CONFLICT') || userErrors.some((u) => u.code === 'CONFLICT');
}
