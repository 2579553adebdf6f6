// 转办函: the referral as a letter, for a department that does not answer in the app. Generated from
// the referral, printed on A4 (black on white, no app chrome: the print rules in styles.css) and
// sent on paper; the officer later records the department's written answer or return on the
// referral's page. An official document: its text is Chinese whatever the interface language; the
// chrome around it (heading, back link, print button) follows it.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { ReferralQuery } from '../../graphql/partner-operations';
import type { Referral } from '../../graphql/partner-types';
import { errorText, useHeadingFocus } from '../../ui';
import { letterContent, referralPath } from './logic';

export function ReferralLetter({ r }: { r: Referral }) {
  const letter = letterContent(r);
  return (
    <article class="doc letter" data-document="referral-letter" lang="zh-CN">
      <p class="letter-bureau">{letter.bureau}</p>
      <h2 class="doc-title">{letter.title}</h2>
      <p class="doc-number" data-field="reference">
        {letter.reference}
      </p>
      <p class="letter-addressee" data-field="addressee">
        {letter.addressee}
      </p>
      {letter.paragraphs.map((p, i) => (
        <p key={i} class="doc-body" data-paragraph={i}>
          {p}
        </p>
      ))}
      <div class="doc-signature">
        <p>{letter.bureau}</p>
        <p>（印章）</p>
        <p data-field="date">{letter.date}</p>
      </div>
      {letter.address && (
        <p class="letter-address" data-field="address">
          送达地址：{letter.address}
        </p>
      )}
      <p class="doc-receipt">签收人：__________　　　____年__月__日</p>
    </article>
  );
}

export function ReferralLetterScreen({ id }: { id: string }) {
  const { t, call, offline, lang, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [referral, setReferral] = useState<Referral | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (offline) return;
    call(ReferralQuery, { id }).then(
      (d) => {
        if (d.referral) setReferral(d.referral);
        else setError(t('ref.notFound'));
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [id, offline, lang]);

  return (
    <main class="content document-screen">
      <div class="screen">
        <div class="doc-tools">
          <h1 ref={heading} tabIndex={-1}>
            {t('referralLetter.title')}
          </h1>
          <p>
            <a class="inline-link" href={referralPath(id)}>
              {t('ref.backToReferral')}
            </a>
          </p>
          <p class="muted small">{t('ref.letterHint')}</p>
          {referral?.department.inApp && <p class="notice">{t('ref.letterInApp')}</p>}
          <div role="alert" class={error ? 'error' : 'sr-empty'}>
            {error}
          </div>
          {!referral && !error && !offline && <p role="status">{t('common.loading')}</p>}
        </div>
        {referral && <ReferralLetter r={referral} />}
        {referral && (
          <div class="actions doc-tools">
            <button class="primary" type="button" data-action="print" onClick={() => window.print()}>
              {t('ref.print')}
            </button>
          </div>
        )}
      </div>
    </main>
  );
}
