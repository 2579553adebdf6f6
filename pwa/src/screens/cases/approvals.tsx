// 审批: supervisors approve or reject what waits for them in scope (exemptions, decision extensions,
// legal reviews), each linked to its item or case; officers see what they asked for.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Lang } from '../../i18n';
import { ApprovalsQuery, DecideApprovalMutation } from '../../graphql/case-operations';
import type { Approval } from '../../graphql/case-types';
import { errorText, formatTime, useHeadingFocus } from '../../ui';
import { casePath, itemPath } from './common';

export function ApprovalsScreen() {
  const { t, lang, user, call, offline, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const supervisor = user.role === 'SUPERVISOR';
  const [approvals, setApprovals] = useState<Approval[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      const { approvals: page } = await call(ApprovalsQuery, { status: supervisor ? 'PENDING' : null, first: 100 });
      setApprovals(page.edges.map((e) => e.node));
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    }
  };
  useEffect(() => {
    if (!offline) void load();
  }, [offline, lang]);

  return (
    <main class="content">
      <div class="screen">
        <h1 ref={heading} tabIndex={-1}>
          {supervisor ? t('approvals.title') : t('approvals.titleMine')}
        </h1>
        <div role="status" class={offline ? 'notice' : 'sr-empty'}>
          {offline ? t('common.offlineStale') : null}
        </div>
        <div role="alert" class={error ? 'error' : 'sr-empty'}>
          {error}
        </div>
        {approvals === null && !offline && !error && <p role="status">{t('common.loading')}</p>}
        {approvals &&
          (approvals.length === 0 ? (
            <p class="muted">{supervisor ? t('approvals.empty') : t('approvals.emptyMine')}</p>
          ) : (
            <ul class="list" data-list="approvals">
              {approvals.map((a) => (
                <ApprovalCard key={a.id} approval={a} canDecide={supervisor && a.status === 'PENDING'} onDecided={(next) =>
                  setApprovals((prev) => prev?.map((x) => (x.id === next.id ? next : x)) ?? null)
                } lang={lang} />
              ))}
            </ul>
          ))}
      </div>
    </main>
  );
}

function ApprovalCard({
  approval: a,
  canDecide,
  onDecided,
  lang,
}: {
  approval: Approval;
  canDecide: boolean;
  onDecided: (a: Approval) => void;
  lang: Lang;
}) {
  const { t, call, offline } = useEnv();
  const [busy, setBusy] = useState(false);
  const [noteMissing, setNoteMissing] = useState(false);
  const [message, setMessage] = useState<{ tone: 'status' | 'alert'; text: string } | null>(null);
  const noteId = `approval-note-${a.id}`;

  const decide = async (form: HTMLFormElement, approve: boolean) => {
    const note = String(new FormData(form).get('note') ?? '').trim();
    // A refusal says why (the officer acts on it); an approval may go without a note.
    if (!approve && !note) {
      setNoteMissing(true);
      (form.querySelector('textarea') as HTMLElement | null)?.focus();
      return;
    }
    setNoteMissing(false);
    setBusy(true);
    setMessage(null);
    try {
      const { decideApproval } = await call(DecideApprovalMutation, { input: { approvalId: a.id, approve, note } });
      if (decideApproval.userErrors.length > 0) {
        setMessage({ tone: 'alert', text: decideApproval.userErrors.map((u) => u.message).join(' ') });
      } else if (decideApproval.approval) {
        setMessage({ tone: 'status', text: approve ? t('approvals.approvedDone') : t('approvals.rejectedDone') });
        onDecided(decideApproval.approval);
      }
    } catch (e) {
      setMessage({ tone: 'alert', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  const link = a.caseId ? casePath(a.caseId) : a.itemId ? itemPath(a.itemId) : null;
  return (
    <li class="card" data-approval-id={a.id} data-approval-kind={a.kind} data-status={a.status}>
      <p class="chips">
        <span class="chip chip-neutral">{t(`approvalKind.${a.kind}`)}</span>
        <span class={`chip chip-${a.status === 'PENDING' ? 'warn' : a.status === 'APPROVED' ? 'done' : 'danger'}`}>
          {t(`approvalStatus.${a.status}`)}
        </span>
        {a.matterCode && <span class="chip chip-neutral">{a.matterCode}</span>}
      </p>
      {link && (
        <a class="item-link" href={link}>
          {a.caseNumber ?? (a.caseId ? t('case.title') : t('approvals.openItem'))}
        </a>
      )}
      <p class="muted small">{a.communityName}</p>
      <p class="small">
        <strong>{t('case.reason')}{t('common.colon')}</strong>
        {a.reason}
      </p>
      {a.evidence && (
        <p class="small">
          <strong>{t('approvals.evidence')}{t('common.colon')}</strong>
          {a.evidence}
        </p>
      )}
      {a.days != null && <p class="small">{t('approvals.days', { n: String(a.days) })}</p>}
      <p class="small muted">{t('approvals.requested', { name: a.requestedBy, time: formatTime(lang, a.requestedAt) })}</p>
      {a.decidedBy && a.decidedAt && (
        <p class="small muted">
          {t('approvals.decided', { name: a.decidedBy, time: formatTime(lang, a.decidedAt) })}
          {a.decisionNote ? `${t('common.colon')}${a.decisionNote}` : ''}
        </p>
      )}
      <div role="status" class={message?.tone === 'status' ? 'notice' : 'sr-empty'}>
        {message?.tone === 'status' ? message.text : null}
      </div>
      <div role="alert" class={message?.tone === 'alert' ? 'error' : 'sr-empty'}>
        {message?.tone === 'alert' ? message.text : null}
      </div>
      {canDecide && (
        <form class="action-form" noValidate onSubmit={(e) => e.preventDefault()}>
          <label for={noteId}>
            {t('approvals.note')}
            <span class="muted">{t('approvals.noteHint')}</span>
          </label>
          <textarea
            id={noteId}
            name="note"
            rows={2}
            maxLength={2000}
            aria-invalid={noteMissing ? true : undefined}
            aria-describedby={noteMissing ? `${noteId}-error` : undefined}
          />
          {noteMissing && (
            <p id={`${noteId}-error`} class="field-error">
              {t('approvals.noteRequired')}
            </p>
          )}
          <div class="row-actions">
            <button
              class="primary"
              type="button"
              disabled={busy || offline}
              onClick={(e) => void decide((e.currentTarget as HTMLButtonElement).form!, true)}
            >
              {t('approvals.approve')}
            </button>
            <button
              class="secondary danger"
              type="button"
              disabled={busy || offline}
              onClick={(e) => void decide((e.currentTarget as HTMLButtonElement).form!, false)}
            >
              {t('approvals.reject')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
