import { Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Key, modKey } from '../../components/kbd.tsx';

/** Lists the keyboard shortcuts. */
export function ShortcutsModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const rows: [string[], string][] = [
    [[modKey, 'K'], t('shortcuts.search')],
    [['/'], t('shortcuts.search')],
    [['N'], t('shortcuts.newPerson')],
    [['↑', '↓'], t('shortcuts.moveInList')],
    [['Enter'], t('shortcuts.open')],
    [['Esc'], t('shortcuts.close')],
    [['?'], t('shortcuts.help')],
  ];
  return (
    <Modal opened onClose={onClose} title={t('shortcuts.title')} size="sm">
      <Stack gap="xs">
        {rows.map(([keys, label], i) => (
          <Group key={i} justify="space-between">
            <Text fz="sm">{label}</Text>
            <Group gap={4}>{keys.map((k) => <Key key={k}>{k}</Key>)}</Group>
          </Group>
        ))}
      </Stack>
    </Modal>
  );
}
