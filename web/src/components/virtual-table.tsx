import { Box, Center, Loader, Skeleton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { IconSortAsc, IconSortDesc } from './icons.tsx';

export interface Column<T> {
  key: string;
  header: ReactNode;
  /** A CSS grid track, e.g. `minmax(200px, 2fr)` or `120px`. */
  width: string;
  render: (row: T) => ReactNode;
  /** The sort this column stands for (ascending); `-key` sorts descending. */
  sortKey?: string;
  align?: 'left' | 'right';
}

interface Props<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  onOpen: (row: T, event: { newTab: boolean }) => void;
  /** More rows can be loaded (infinite scroll). */
  hasMore?: boolean;
  loadMore?: () => void;
  loadingMore?: boolean;
  /** The first page is loading. */
  loading?: boolean;
  sort?: string;
  onSort?: (sort: string) => void;
  rowHeight?: number;
  minWidth?: number;
  label: string;
  /** Rendered instead of rows when there are none. */
  empty?: ReactNode;
  testId?: string;
}

/**
 * A virtualized table: only the rows in view are in the DOM, so 100,000 rows scroll smoothly. When the end comes
 * near it asks for the next page. Keyboard: ↑/↓ (or j/k) move, Enter opens, Home/End jump.
 */
export function VirtualTable<T>({
  rows, columns, rowKey, onOpen, hasMore, loadMore, loadingMore, loading, sort, onSort, rowHeight = 48, minWidth = 1100, label, empty, testId,
}: Props<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(-1);
  const grid = columns.map((c) => c.width).join(' ');
  const count = rows.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  // Ask for the next page when the last 25 rows come into view.
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 25) loadMore?.();
  }, [hasMore, loadingMore, lastIndex, rows.length, loadMore]);

  useEffect(() => {
    if (focused >= rows.length) setFocused(rows.length - 1);
  }, [rows.length, focused]);

  const move = (to: number) => {
    const i = Math.max(0, Math.min(rows.length - 1, to));
    setFocused(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!rows.length) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 480) / rowHeight) - 1);
    if (e.key === 'ArrowDown' || e.key === 'j') move(focused + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') move(focused - 1);
    else if (e.key === 'PageDown') move(focused + page);
    else if (e.key === 'PageUp') move(focused - page);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === 'Enter' && focused >= 0 && rows[focused]) onOpen(rows[focused]!, { newTab: e.ctrlKey || e.metaKey });
    else return;
    e.preventDefault();
  };

  const headerCell = (c: Column<T>) => {
    if (!c.sortKey || !onSort) return c.header;
    const asc = sort === c.sortKey;
    const desc = sort === `-${c.sortKey}`;
    return (
      <button
        type="button"
        className="parley-sort-button"
        onClick={() => onSort(asc ? `-${c.sortKey}` : desc ? '' : c.sortKey!)}
        aria-sort={asc ? 'ascending' : desc ? 'descending' : 'none'}
      >
        {c.header}
        {asc && <IconSortAsc size={14} />}
        {desc && <IconSortDesc size={14} />}
      </button>
    );
  };

  return (
    <div
      ref={scrollRef}
      className="parley-table"
      role="table"
      aria-label={label}
      aria-rowcount={count}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={() => focused < 0 && rows.length && setFocused(0)}
      style={{ overflow: 'auto', position: 'relative' }}
      data-testid={testId}
    >
      <div style={{ minWidth }}>
        <div className="parley-table-head" role="row" style={{ gridTemplateColumns: grid }}>
          {columns.map((c) => (
            <div key={c.key} role="columnheader" className="parley-cell" style={{ justifyContent: c.align === 'right' ? 'flex-end' : undefined }}>
              {headerCell(c)}
            </div>
          ))}
        </div>
        {loading && !rows.length ? (
          <Box>
            {Array.from({ length: 10 }, (_, i) => (
              <div key={i} className="parley-row" style={{ gridTemplateColumns: grid, height: rowHeight, cursor: 'default' }}>
                {columns.map((c) => (
                  <div key={c.key} className="parley-cell"><Skeleton height={10} width={`${50 + ((i * 7 + c.key.length * 13) % 40)}%`} radius="xl" /></div>
                ))}
              </div>
            ))}
          </Box>
        ) : !rows.length && empty ? (
          empty
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
            {items.map((vi) => {
              const row = rows[vi.index];
              return (
                <div
                  key={row ? rowKey(row) : 'loader'}
                  role="row"
                  aria-rowindex={vi.index + 2}
                  className="parley-row"
                  data-focused={vi.index === focused || undefined}
                  data-testid={row ? 'table-row' : undefined}
                  onClick={(e) => row && onOpen(row, { newTab: e.ctrlKey || e.metaKey })}
                  onAuxClick={(e) => row && e.button === 1 && onOpen(row, { newTab: true })}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: vi.size, transform: `translateY(${vi.start}px)`, gridTemplateColumns: grid }}
                >
                  {row ? (
                    columns.map((c) => (
                      <div key={c.key} role="cell" className="parley-cell" style={{ textAlign: c.align }}>
                        {c.render(row)}
                      </div>
                    ))
                  ) : (
                    <Center style={{ gridColumn: '1 / -1' }}><Loader size="xs" /></Center>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
