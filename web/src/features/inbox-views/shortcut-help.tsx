import { Group, Modal, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Key, modKey } from '../../components/kbd.tsx';

// Every key of the inbox, in the order an agent learns them.
const KEYS: { keys: string[]; what: string }[] = [
  { keys: ['J', 'K'], what: 'move' },
  { keys: ['Enter'], what: 'open' },
  { keys: ['R'], what: 'reply' },
  { keys: [modKey, 'Enter'], what: 'send' },
  { keys: ['X'], what: 'select' },
  { keys: ['Shift', 'Click'], what: 'range' },
  { keys: ['E'], what: 'resolve' },
  { keys: ['S'], what: 'snooze' },
  { keys: ['L'], what: 'label' },
  { keys: ['#'], what: 'search' },
  { keys: ['/'], what: 'search' },
  { keys: ['G', 'I'], what: 'inbox' },
  { keys: ['Esc'], what: 'escape' },
  { keys: ['?'], what: 'help' },
];

/** The inbox's keyboard shortcuts, opened with `?`. */
export function ShortcutHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('organize.keys.title')} size="md" data-testid="shortcut-help">
      <Table verticalSpacing={6} data-testid="shortcut-table">
        <Table.Tbody>
          {KEYS.map((k) => (
            <Table.Tr key={k.keys.join('+')}>
              <Table.Td w={140}><Group gap={4} wrap="nowrap">{k.keys.map((key, i) => <Key key={i}>{key}</Key>)}</Group></Table.Td>
              <Table.Td><Text fz="sm">{t(`organize.keys.${k.what}`)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
