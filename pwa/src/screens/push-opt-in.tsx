// "办理进度提醒": the home screen's Web Push opt-in for everyone who files (src/push.ts does the work).
import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../i18n';
import { PushServiceError, type PushController, type PushStatus } from '../push';
import { errorText } from '../ui';

interface Props {
  t: Translate;
  push: PushController;
  userId: string;
  offline: boolean;
}

/** After a tap: the prompt was dismissed (a notice), or something failed (an alert). */
type Message = { tone: 'notice'; text: string } | { tone: 'error'; text: string };

export function PushOptIn({ t, push, userId, offline }: Props) {
  const [status, setStatus] = useState<PushStatus | null>(push.current);
  const [busy, setBusy] = useState<'enable' | 'disable' | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  useEffect(() => push.subscribe(setStatus), [push]);

  // Coming back from the browser's settings (e.g. after unblocking): read the state again.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') void push.refresh().catch(() => undefined);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [push]);

  if (status === null || status === 'unsupported') return null;

  const enable = async () => {
    setBusy('enable');
    setMessage(null);
    try {
      const next = await push.enable(userId);
      if (next === 'off') setMessage({ tone: 'notice', text: t('push.dismissed') });
    } catch (e) {
      setMessage({ tone: 'error', text: e instanceof PushServiceError ? t('push.serviceError') : errorText(t, e) });
    } finally {
      setBusy(null);
    }
  };

  const disable = async () => {
    setBusy('disable');
    setMessage(null);
    try {
      await push.disable();
    } catch (e) {
      setMessage({ tone: 'error', text: errorText(t, e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="card push-opt-in" aria-labelledby="push-heading" data-push-status={status}>
      <h2 id="push-heading">{t('push.heading')}</h2>
      <p>{t('push.intro')}</p>
      {/* A live region: the new state is announced after a tap. */}
      <p class="push-state" role="status" data-field="push-state">
        <strong>{t(`push.state.${status}`)}</strong>
      </p>
      {status === 'blocked' && <p class="push-help">{t('push.blockedHelp')}</p>}
      {message?.tone === 'notice' && <p class="notice">{message.text}</p>}
      <div role="alert" class={message?.tone === 'error' ? 'error' : 'sr-empty'}>
        {message?.tone === 'error' ? message.text : null}
      </div>
      {offline && status !== 'blocked' && <p class="push-help">{t('push.offline')}</p>}
      {status === 'off' && (
        <button class="primary" type="button" disabled={busy !== null || offline} onClick={() => void enable()}>
          {busy === 'enable' ? t('push.enabling') : t('push.enable')}
        </button>
      )}
      {status === 'on' && (
        <button class="secondary" type="button" disabled={busy !== null || offline} onClick={() => void disable()}>
          {busy === 'disable' ? t('push.disabling') : t('push.disable')}
        </button>
      )}
    </section>
  );
}
