import { Button, Group, Notification, Portal, Stack } from '@mantine/core';
import { useSyncExternalStore } from 'react';
import { IconAlert, IconCheck } from './icons.tsx';

// A small notification centre on Mantine's Notification component (the @mantine/notifications package is not used).
export interface Toast {
  id: number;
  title?: string;
  message: string;
  kind: 'success' | 'error' | 'info';
  /** A button in the notification, e.g. "Undo". */
  action?: { label: string; onClick: () => void };
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

/** Shows a notification for a few seconds (errors stay longer). */
export function notify(t: Omit<Toast, 'id'>): number {
  const id = nextId++;
  toasts = [...toasts, { ...t, id }].slice(-4);
  emit();
  setTimeout(() => dismiss(id), t.kind === 'error' || t.action ? 10000 : 4000);
  return id;
}

/** Removes a notification. */
export function dismiss(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

function subscribe(fn: () => void) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Renders the notifications in the lower right corner; mount once. */
export function Notifications() {
  const list = useSyncExternalStore(subscribe, () => toasts);
  return (
    <Portal>
      <Stack gap="xs" style={{ position: 'fixed', right: 20, bottom: 20, zIndex: 1000, width: 380, maxWidth: 'calc(100vw - 40px)' }} role="status" aria-live="polite">
        {list.map((t) => (
          <Notification
            key={t.id}
            title={t.title}
            color={t.kind === 'error' ? 'red' : t.kind === 'success' ? 'teal' : 'indigo'}
            icon={t.kind === 'error' ? <IconAlert size={18} /> : t.kind === 'success' ? <IconCheck size={18} /> : undefined}
            onClose={() => dismiss(t.id)}
            withBorder
            style={{ boxShadow: 'var(--mantine-shadow-lg)' }}
            data-testid={`toast-${t.kind}`}
          >
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <span>{t.message}</span>
              {t.action && (
                <Button size="compact-sm" variant="light" onClick={() => { dismiss(t.id); t.action!.onClick(); }} data-testid="toast-action">
                  {t.action.label}
                </Button>
              )}
            </Group>
          </Notification>
        ))}
      </Stack>
    </Portal>
  );
}
