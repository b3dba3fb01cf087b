import type { ReactNode } from 'react';
import { colorFor, initials } from './format.ts';

// Plain-element building blocks for virtualized table rows (see styles.css): the same look as Mantine's Avatar and
// Badge at a fraction of the rendering cost, which matters when a screen shows dozens of rows.

/** Initials in a coloured circle (or rounded square for companies). */
export function CellAvatar({ name, size, square }: { name: string; size?: 'sm'; square?: boolean }) {
  const c = colorFor(name);
  return (
    <span className="p-avatar" data-size={size} data-shape={square ? 'square' : undefined} style={{ ['--av-bg' as string]: `var(--mantine-color-${c}-light)`, ['--av-fg' as string]: `var(--mantine-color-${c}-light-color)` }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

/** A light coloured badge. */
export function CellBadge({ color, children }: { color: string; children: ReactNode }) {
  return <span className="p-badge" style={{ ['--b-bg' as string]: `var(--mantine-color-${color}-light)`, ['--b-fg' as string]: `var(--mantine-color-${color}-light-color)` }}>{children}</span>;
}

/** Tags as outlined chips; past `max` the rest collapse into "+n". */
export function CellTags({ tags, max = 2 }: { tags: string[]; max?: number }) {
  if (!tags.length) return <span className="p-muted">—</span>;
  const rest = tags.length - max;
  return (
    <span className="p-tags">
      {tags.slice(0, max).map((t) => <span key={t} className="p-tag" title={t}>{t}</span>)}
      {rest > 0 && <span className="p-tag" data-more title={tags.slice(max).join(', ')}>+{rest}</span>}
    </span>
  );
}

/** A dash for an empty cell. */
export const Empty = () => <span className="p-muted">—</span>;

/**
 * A link inside a clickable row: a plain click is left to the row (which navigates), a Ctrl/⌘ or middle click opens a
 * new tab. A plain anchor rather than the router's Link, which costs more to render in every row.
 */
export function RowLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <a
      href={href}
      className={`p-link${className ? ` ${className}` : ''}`}
      tabIndex={-1}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) e.stopPropagation();
        else e.preventDefault();
      }}
    >
      {children}
    </a>
  );
}
