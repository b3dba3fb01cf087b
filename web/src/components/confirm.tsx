import { Button, Group, Modal, Text } from '@mantine/core';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

interface Ask {
  title: string;
  message: string;
  confirmLabel?: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}

let current: Ask | null = null;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** Asks the user to confirm (a styled replacement for window.confirm); resolves true when confirmed. */
export function confirmAction(opts: Omit<Ask, 'resolve'>): Promise<boolean> {
  current?.resolve(false);
  return new Promise((resolve) => {
    current = { ...opts, resolve };
    emit();
  });
}

function close(ok: boolean) {
  current?.resolve(ok);
  current = null;
  emit();
}

/** Renders the pending confirmation; mount once. */
export function ConfirmHost() {
  const { t } = useTranslation();
  const ask = useSyncExternalStore((fn) => { listeners.add(fn); return () => listeners.delete(fn); }, () => current);
  return (
    <Modal opened={!!ask} onClose={() => close(false)} title={<Text fw={700}>{ask?.title}</Text>} size="sm" centered>
      <Text fz="sm" c="gray.7">{ask?.message}</Text>
      <Group justify="flex-end" mt="lg" gap="sm">
        <Button variant="default" onClick={() => close(false)}>{t('common.cancel')}</Button>
        <Button color={ask?.danger ? 'red' : undefined} onClick={() => close(true)} data-autofocus data-testid="confirm-ok">
          {ask?.confirmLabel ?? t('common.confirm')}
        </Button>
      </Group>
    </Modal>
  );
}
