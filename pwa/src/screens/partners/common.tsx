// Pieces the partner screens share: chips in words (never colour alone), facts, messages, and the
// small "one text and a button" form the referral steps use.
import '../../i18n/partners';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useEnv } from '../../env';
import type { Translate } from '../../i18n';
import type { UserError } from '../../graphql/types';
import type { ReferralState, ReferralSummary } from '../../graphql/partner-types';
import { errorText } from '../../ui';
import { PROBLEM_KEYS, STATE_TONE, errorsByField, textProblem, type Tone } from './logic';
import { GraphQLRequestError } from '../../graphql/client';
import type { Communities } from './communities';

export type Message = { tone: 'status' | 'alert'; text: string } | null;

export function Said({ message }: { message: Message }) {
  return (
    <>
      <div role="alert" class={message?.tone === 'alert' ? 'error' : 'sr-empty'}>
        {message?.tone === 'alert' ? message.text : null}
      </div>
      <div role="status" class={message?.tone === 'status' ? 'notice' : 'sr-empty'}>
        {message?.tone === 'status' ? message.text : null}
      </div>
    </>
  );
}

export function StateChip({ t, state }: { t: Translate; state: ReferralState }) {
  return (
    <span class={`chip chip-${STATE_TONE[state]}`} data-state={state}>
      {t(`ref.state.${state}`)}
    </span>
  );
}

export function OverdueChip({ t, r }: { t: Translate; r: Pick<ReferralSummary, 'overdue'> }) {
  if (!r.overdue) return null;
  return (
    <span class="chip chip-danger" data-flag="overdue">
      {t('ref.overdue')}
    </span>
  );
}

/** A clock line in words (the tone only adds weight and colour; the words say it all). */
export function ClockLine({ text, tone, field }: { text: string; tone: Tone; field: string }) {
  return (
    <p class={`small clock clock-${tone}`} data-field={field} data-tone={tone}>
      {text}
    </p>
  );
}

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

/** The community of a form: a search box narrowing the choices (a district has a few hundred). */
export function CommunityPicker({
  id,
  value,
  onChange,
  communities,
  error,
}: {
  id: string;
  value: string;
  onChange: (id: string) => void;
  communities: Communities;
  error: string | undefined;
}) {
  const { t } = useEnv();
  const [search, setSearch] = useState('');
  const q = search.trim();
  const list = communities ?? [];
  // The chosen one stays in the list whatever the search says.
  const shown = list.filter((c) => !q || c.name.includes(q) || c.id === value);
  return (
    <div class="field">
      <label for={`${id}-search`}>{t('ref.communitySearch')}</label>
      <input id={`${id}-search`} type="search" value={search} autocomplete="off" onInput={(e) => setSearch(e.currentTarget.value)} />
      <label for={id}>{t('ref.community')}</label>
      <select
        id={id}
        name="communityId"
        value={value}
        disabled={!communities}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        <option value="">{communities ? t('ref.communityChoose') : t('common.loading')}</option>
        {shown.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * One text and a button (answer, return, re-send): the text is needed (said under the field), the
 * server's userErrors naming it are said there too, the rest at the form.
 */
export function TextStepForm({
  action,
  title,
  intro,
  label,
  name,
  submitLabel,
  rows = 4,
  extra,
  onSubmit,
}: {
  action: string;
  title: string;
  intro?: ComponentChildren;
  label: string;
  name: string;
  submitLabel: string;
  rows?: number;
  /** More fields, before the button (read by the caller from the form). */
  extra?: ComponentChildren;
  onSubmit: (text: string, form: HTMLFormElement) => Promise<readonly UserError[]>;
}) {
  const { t, offline } = useEnv();
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const id = `${action}-${name}`;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const field = form.querySelector<HTMLTextAreaElement>(`#${id}`);
    const text = field?.value.trim() ?? '';
    setFormError(null);
    const problem = textProblem(text);
    if (problem) {
      setFieldError(t(PROBLEM_KEYS[problem]));
      field?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      const userErrors = await onSubmit(text, form);
      if (userErrors.length > 0) {
        const split = errorsByField(userErrors, [name]);
        setFieldError(split.byField[name] ?? null);
        setFormError(split.rest.join(' ') || null);
        if (split.byField[name]) field?.focus();
      }
    } catch (e) {
      setFormError(e instanceof GraphQLRequestError ? e.message : errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="action-form" noValidate data-action={action} onSubmit={submit} aria-labelledby={`${action}-title`}>
      <h3 id={`${action}-title`}>{title}</h3>
      {intro}
      <label for={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={4000}
        aria-invalid={fieldError ? true : undefined}
        aria-describedby={fieldError ? `${id}-error` : undefined}
      />
      {fieldError && (
        <p id={`${id}-error`} class="field-error">
          {fieldError}
        </p>
      )}
      {extra}
      <div role="alert" class={formError ? 'error' : 'sr-empty'} data-form-error>
        {formError}
      </div>
      <button class="primary" type="submit" disabled={busy || offline}>
        {busy ? t('file.submitting') : submitLabel}
      </button>
    </form>
  );
}
