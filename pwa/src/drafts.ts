// Form drafts, kept on the phone while the user types (a filing in a stairwell may be interrupted).
export type Draft = Record<string, string | boolean>;

const key = (userId: string, form: string) => `gongzhi.draft.${userId}.${form}`;

export function loadDraft(storage: Storage, userId: string, form: string): Draft {
  try {
    const raw = storage.getItem(key(userId, form));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === 'object' ? (parsed as Draft) : {};
  } catch {
    return {};
  }
}

export function saveDraft(storage: Storage, userId: string, form: string, draft: Draft): void {
  try {
    storage.setItem(key(userId, form), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the form still works, only without a draft.
  }
}

export function clearDraft(storage: Storage, userId: string, form: string): void {
  storage.removeItem(key(userId, form));
}

/** Reads a form's named fields: text as strings, checkboxes as booleans. */
export function readForm(form: HTMLFormElement): Draft {
  const draft: Draft = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) continue;
    if (!el.name || el.type === 'search') continue;
    if (el instanceof HTMLInputElement && el.type === 'checkbox') draft[el.name] = el.checked;
    else if (el instanceof HTMLInputElement && el.type === 'radio') {
      if (el.checked) draft[el.name] = el.value;
    } else draft[el.name] = el.value;
  }
  return draft;
}
