// One small form per case step. It shows the client's own checks and the server's userErrors next
// to the field they name (the rest at the form), and on CONFLICT says so and reloads the case.
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { GraphQLRequestError } from '../../graphql/client';
import type { UserError } from '../../graphql/types';
import { errorText } from '../../ui';
import { isConflict, splitErrors } from './common';

export interface FieldCtx {
  /** The id of the field `name` in this form. */
  id: (name: string) => string;
  /** aria-invalid / aria-describedby for a field with an error. */
  inv: (name: string) => { 'aria-invalid'?: true; 'aria-describedby'?: string };
  /** The error under the field, if any. */
  err: (name: string) => JSX.Element | null;
}

export type SubmitResult =
  /** Client-side problems, by field name: nothing was sent. */
  | { local: Record<string, string> }
  /** The server's answer: userErrors, or done (the caller has already taken the new case). */
  | { userErrors: readonly UserError[] };

interface Props {
  /** `data-action`, and the prefix of the field ids. */
  action: string;
  title: string;
  intro?: ComponentChildren;
  /** The field names this form shows (userErrors naming others are said at the form). */
  fields: readonly string[];
  submitLabel: string;
  onSubmit: (form: HTMLFormElement) => Promise<SubmitResult>;
  /** CONFLICT: someone acted first; read the case again. */
  onConflict: () => void | Promise<void>;
  children?: (f: FieldCtx) => ComponentChildren;
}

export function fieldValue(form: HTMLFormElement, name: string): string {
  const checked = form.querySelector<HTMLInputElement>(`input[type="radio"][name="${name}"]:checked`);
  if (checked) return checked.value;
  const el = form.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[name="${name}"]:not([type="radio"])`);
  if (!el) return '';
  if (el instanceof HTMLInputElement && el.type === 'checkbox') return el.checked ? 'on' : '';
  return String(el.value).trim();
}

export function ActionForm({ action, title, intro, fields, submitLabel, onSubmit, onConflict, children }: Props) {
  const { t, offline } = useEnv();
  const [busy, setBusy] = useState(false);
  const [byField, setByField] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const id = (name: string) => `${action}-${name}`;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget as HTMLFormElement;
    setBusy(true);
    setFormError(null);
    setDone(false);
    try {
      const result = await onSubmit(form);
      if ('local' in result) {
        setByField(result.local);
        const first = fields.find((f) => result.local[f]);
        if (first) (form.querySelector(`#${id(first)}`) as HTMLElement | null)?.focus();
        return;
      }
      if (isConflict(result.userErrors)) {
        setByField({});
        setFormError(t('case.conflict'));
        await onConflict();
        return;
      }
      const split = splitErrors(result.userErrors, fields);
      setByField(split.byField);
      setFormError(split.rest.length > 0 ? split.rest.join(' ') : null);
      if (result.userErrors.length === 0) {
        form.reset();
        setDone(true);
      }
    } catch (e) {
      // The contract says CONFLICT comes as a userError; a GraphQL error with that code means the same.
      if (e instanceof GraphQLRequestError && e.code === 'CONFLICT') {
        setFormError(t('case.conflict'));
        await onConflict();
      } else setFormError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  const ctx: FieldCtx = {
    id,
    inv: (name) => (byField[name] ? { 'aria-invalid': true, 'aria-describedby': `${id(name)}-error` } : {}),
    err: (name) =>
      byField[name] ? (
        <p id={`${id(name)}-error`} class="field-error">
          {byField[name]}
        </p>
      ) : null,
  };

  return (
    <form class="action-form" noValidate data-action={action} onSubmit={submit} aria-labelledby={`${action}-title`}>
      <h3 id={`${action}-title`}>{title}</h3>
      {intro}
      {children?.(ctx)}
      <div role="alert" class={formError ? 'error' : 'sr-empty'} data-form-error>
        {formError}
      </div>
      <div role="status" class={done ? 'notice' : 'sr-empty'}>
        {done ? t('common.saved') : null}
      </div>
      <button class="primary" type="submit" disabled={busy || offline}>
        {submitLabel}
      </button>
    </form>
  );
}

/** A label with an optional "（选填）" and a hint under it. */
export function Label({ f, name, children, optional }: { f: FieldCtx; name: string; children: ComponentChildren; optional?: boolean }) {
  const { t } = useEnv();
  return (
    <label for={f.id(name)}>
      {children}
      {optional && <span class="muted">{t('common.optional')}</span>}
    </label>
  );
}
