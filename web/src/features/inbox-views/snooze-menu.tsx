import { Button, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { snoozePresets } from '../../api/inbox-views.ts';
import { formatDateTime } from '../../components/format.ts';

function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The snooze choices: in an hour, tomorrow 9:00, next Monday 9:00, or a time of one's own. Controlled (`opened`) so a
 * key (S) can open it.
 */
export function SnoozeMenu({ opened, onChange, onSnooze, target }: { opened: boolean; onChange: (o: boolean) => void; onSnooze: (until: Date) => void; target: ReactNode }) {
  const { t } = useTranslation();
  const [custom, setCustom] = useState<string | null>(null);
  const presets = snoozePresets();
  const customDate = custom ? new Date(custom) : null;
  const customValid = !!customDate && !Number.isNaN(customDate.getTime()) && customDate.getTime() > Date.now();
  return (
    <>
      <Menu opened={opened} onChange={onChange} position="bottom-end" withinPortal>
        <Menu.Target>{target}</Menu.Target>
        <Menu.Dropdown data-testid="snooze-menu">
          <Menu.Label>{t('organize.snooze.title')}</Menu.Label>
          {presets.map((p) => (
            <Menu.Item key={p.key} onClick={() => onSnooze(p.until)} data-testid={`snooze-${p.key}`} rightSection={<span style={{ fontSize: 11, opacity: 0.6 }}>{formatDateTime(p.until.toISOString())}</span>}>
              {t(`organize.snooze.${p.key}`)}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item onClick={() => setCustom(localInputValue(new Date(Date.now() + 2 * 3600_000)))} data-testid="snooze-custom">{t('organize.snooze.custom')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={custom !== null} onClose={() => setCustom(null)} title={t('organize.snooze.customTitle')} size="sm">
        <form onSubmit={(e) => { e.preventDefault(); if (customValid) { onSnooze(customDate!); setCustom(null); } }}>
          <Stack>
            <TextInput type="datetime-local" label={t('organize.snooze.until')} value={custom ?? ''} onChange={(e) => setCustom(e.currentTarget.value)} data-autofocus
              error={custom && !customValid ? t('organize.snooze.future') : undefined} data-testid="snooze-custom-input" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setCustom(null)}>{t('common.cancel')}</Button>
              <Button type="submit" disabled={!customValid} data-testid="snooze-custom-save">{t('organize.snooze.action')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
