import type { FormInstance } from 'antd';
import { useCallback, useEffect } from 'react';

const prefix = 'jh-console-draft:';

/**
 * Keeps a form's values in this tab's sessionStorage, so a failed request, a reload or a
 * sign-in after the session expired loses nothing typed. Cleared when the form is submitted.
 */
export function useDraft<T extends object>(key: string, form: FormInstance<T>) {
  const storageKey = prefix + key;
  useEffect(() => {
    const saved = window.sessionStorage.getItem(storageKey);
    if (saved) {
      try {
        form.setFieldsValue(JSON.parse(saved) as Parameters<typeof form.setFieldsValue>[0]);
      } catch {
        window.sessionStorage.removeItem(storageKey);
      }
    }
  }, [form, storageKey]);
  const save = useCallback(
    (_changed: unknown, all: T) => window.sessionStorage.setItem(storageKey, JSON.stringify(all)),
    [storageKey],
  );
  const clear = useCallback(() => window.sessionStorage.removeItem(storageKey), [storageKey]);
  return { onValuesChange: save, clearDraft: clear };
}

/** Removes every draft of this tab (on sign-out: drafts may hold personal data). */
export function clearDrafts(): void {
  for (const key of Object.keys(window.sessionStorage)) {
    if (key.startsWith(prefix)) window.sessionStorage.removeItem(key);
  }
}
