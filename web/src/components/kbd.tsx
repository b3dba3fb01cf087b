/** A keyboard key hint, e.g. <Key>Ctrl</Key><Key>K</Key>. */
export function Key({ children }: { children: React.ReactNode }) {
  return <kbd className="parley-kbd">{children}</kbd>;
}

/** True on Apple keyboards, where the modifier is ⌘ rather than Ctrl. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const modKey = isMac ? '⌘' : 'Ctrl';
