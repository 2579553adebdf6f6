// One practice case: the write-up, and the steps its reader may take — the author edits and submits
// it for review (draft or returned), a supervisor who did not write it publishes or returns it with a
// note. Every step sends the loaded version; a stale one (CONFLICT) asks to reload.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { PracticeCaseQuery, ReviewPracticeMutation, SubmitPracticeMutation } from '../../graphql/practice-operations';
import type { PracticeCase, PracticePayload } from '../../graphql/figure-types';
import { errorText, formatTime, useHeadingFocus } from '../../ui';
import { StatusChip, TagChips, isConflict } from './common';

export function PracticeCaseScreen({ id }: { id: string }) {
  const { t, lang, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [p, setP] = useState<PracticeCase | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    if (offline) return;
    call(PracticeCaseQuery, { id }).then(
      (d) => {
        setP(d.practiceCase);
        setError(null);
        setConflict(false);
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [id, offline, lang, reloads]);

  const step = async (send: () => Promise<PracticePayload>, doneText: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await send();
      if (isConflict(null, r.userErrors)) setConflict(true);
      else if (r.userErrors.length > 0) {
        const forNote = r.userErrors.filter((u) => u.field.at(-1) === 'note');
        setNoteError(forNote.map((u) => u.message).join(' ') || null);
        const rest = r.userErrors.filter((u) => u.field.at(-1) !== 'note');
        setError(rest.map((u) => u.message).join(' ') || null);
      } else if (r.practice) {
        setP(r.practice);
        setNote('');
        setNoteError(null);
        setDone(doneText);
      }
    } catch (e) {
      if (isConflict(e)) setConflict(true);
      else setError(errorText(t, e));
    }
    setBusy(false);
  };

  const submit = () => p && step(async () => (await call(SubmitPracticeMutation, { id: p.id, version: p.version })).submitPracticeCase, t('pr.submitted'));
  const publish = () =>
    p && step(async () => (await call(ReviewPracticeMutation, { id: p.id, version: p.version, decision: 'PUBLISH', note: null })).reviewPracticeCase, t('pr.published'));
  const sendBack = (e: Event) => {
    e.preventDefault();
    if (!p) return;
    if (!note.trim()) {
      setNoteError(t('pr.noteMissing'));
      return;
    }
    void step(
      async () => (await call(ReviewPracticeMutation, { id: p.id, version: p.version, decision: 'RETURN', note: note.trim() })).reviewPracticeCase,
      t('pr.returned'),
    );
  };

  return (
    <main class="content">
      <article class="screen practice" data-practice-id={id} data-status={p?.status}>
        <p class="small no-print">
          <a class="inline-link" href="/practice">
            {t('pr.back')}
          </a>
        </p>
        <h1 ref={heading} tabIndex={-1}>
          {p ? p.title : t('practiceCase.title')}
        </h1>
        <div role="status" class={done ? 'notice' : offline ? 'notice' : 'sr-empty'} data-field="practice-done">
          {done ?? (offline ? t('common.offlineStale') : null)}
        </div>
        <div role="alert" class={conflict || error ? 'error' : 'sr-empty'} data-field={conflict ? 'conflict' : undefined}>
          {conflict ? (
            <>
              {t('pr.conflict')}{' '}
              <button type="button" class="link" onClick={() => setReloads((n) => n + 1)}>
                {t('pr.reload')}
              </button>
            </>
          ) : (
            error
          )}
        </div>
        {!p && !error && !offline && <p role="status">{t('common.loading')}</p>}
        {p && (
          <>
            <p class="chips">
              {p.status !== 'PUBLISHED' && <StatusChip t={t} status={p.status} />}
              <TagChips t={t} tags={p.tags} />
            </p>
            <p class="muted small">
              {p.publishedAt ? t('pr.byline', { name: p.author, time: formatTime(lang, p.publishedAt) }) : t('pr.bylineDraft', { name: p.author, time: formatTime(lang, p.updatedAt) })}
            </p>
            {p.status === 'RETURNED' && p.reviewNote && (
              <p class="notice" data-field="review-note">
                {t('pr.reviewNote', { note: p.reviewNote })}
              </p>
            )}
            <p class="lead" data-field="summary">
              {p.summary}
            </p>
            <div class="prewrap practice-body" data-field="body">
              {p.body}
            </div>
            {p.communities.length > 0 && (
              <p class="small" data-field="communities">
                {t('pr.communitiesLine', { names: p.communities.map((c) => c.name).join('、') })}
              </p>
            )}
            {p.caseNumbers.length > 0 && (
              <p class="small" data-field="cases">
                {t('pr.casesLine', { numbers: p.caseNumbers.join('、') })}
              </p>
            )}
            {(p.canEdit || p.canReview) && (
              <section class="card no-print" aria-labelledby="practice-steps">
                <h2 id="practice-steps">{t('pr.steps')}</h2>
                {p.canEdit && (
                  <div class="row-actions">
                    <a class="secondary" href={`/practice/${encodeURIComponent(p.id)}/edit`} data-action="edit">
                      {t('pr.edit')}
                    </a>
                    <button class="primary" type="button" disabled={busy || offline} onClick={() => void submit()} data-action="submit">
                      {t('pr.submit')}
                    </button>
                  </div>
                )}
                {p.canReview && (
                  <>
                    <button class="primary" type="button" disabled={busy || offline} onClick={() => void publish()} data-action="publish">
                      {t('pr.publish')}
                    </button>
                    <form class="action-form" noValidate onSubmit={sendBack}>
                      <label for="return-note">{t('pr.returnNote')}</label>
                      <textarea
                        id="return-note"
                        rows={3}
                        value={note}
                        aria-invalid={noteError ? 'true' : undefined}
                        aria-describedby={noteError ? 'return-note-error' : undefined}
                        onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
                      />
                      {noteError && (
                        <p id="return-note-error" class="field-error">
                          {noteError}
                        </p>
                      )}
                      <button class="secondary" type="submit" disabled={busy || offline} data-action="return">
                        {t('pr.return')}
                      </button>
                    </form>
                  </>
                )}
              </section>
            )}
          </>
        )}
      </article>
    </main>
  );
}
