/**
 * The single-key shortcut a key press means on the inbox page, or null: with a modifier, while typing in a field, or
 * while a dialog or menu is open the key is left alone.
 */
export function pageKey<K extends string>(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'>, keys: readonly K[]): K | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return null;
  const k = e.key.toLowerCase() as K;
  if (!keys.includes(k)) return null;
  const el = typeof HTMLElement !== 'undefined' && e.target instanceof HTMLElement ? e.target : null;
  if (el && (el.isContentEditable || el.closest('input, textarea, select, [role="dialog"], [role="menu"], [role="listbox"]'))) return null;
  if (typeof document !== 'undefined' && document.querySelector('[role="dialog"]')) return null;
  return k;
}

/** True for the key press that sends a reply: Ctrl+Enter (⌘+Enter on a Mac). */
export function isSendKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
}

/**
 * Like pageKey, for the inbox's keys that need Shift on some layouts (`?`, `#`): the character typed decides, so Shift is
 * allowed; Ctrl, ⌘ and Alt are not, and nothing fires while typing in a field or with a dialog open.
 */
export function typedKey<K extends string>(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'>, keys: readonly K[]): K | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (!keys.includes(e.key as K)) return null;
  return pageKey({ ...e, key: 'x', shiftKey: false, target: e.target }, ['x']) ? (e.key as K) : null;
}
