import { Box, Menu, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useInboxLabels } from '../../api/inbox-views.ts';
import { IconCheck } from '../../components/icons.tsx';

/**
 * Adding and removing labels: the managed labels to pick (ticked when the conversation has them), and a field for a new
 * free label (Enter adds it). In bulk, each label offers add and remove.
 */
export function LabelMenu({ opened, onChange, current, onAdd, onRemove, target, bulk = false }: {
  opened: boolean; onChange: (o: boolean) => void; current: string[]; onAdd: (label: string) => void; onRemove: (label: string) => void; target: ReactNode; bulk?: boolean;
}) {
  const { t } = useTranslation();
  const labels = useInboxLabels();
  const [text, setText] = useState('');
  const has = (l: string) => current.some((c) => c.toLowerCase() === l.toLowerCase());
  const matching = (labels.data ?? []).filter((l) => l.name.toLowerCase().includes(text.trim().toLowerCase()));
  return (
    <Menu opened={opened} onChange={(o) => { onChange(o); if (!o) setText(''); }} position="bottom-end" withinPortal closeOnItemClick width={240}>
      <Menu.Target>{target}</Menu.Target>
      <Menu.Dropdown data-testid="label-menu">
        <Box p={4}>
          <TextInput size="xs" placeholder={t('organize.labels.placeholder')} value={text} onChange={(e) => setText(e.currentTarget.value)} data-autofocus data-testid="label-input"
            aria-label={t('organize.labels.placeholder')}
            onKeyDown={(e) => {
              const v = text.trim().replace(/,/g, ' ');
              if (e.key === 'Enter' && v) { e.preventDefault(); onAdd(v); setText(''); onChange(false); }
            }} />
        </Box>
        {matching.map((l) => (
          bulk ? (
            <Box key={l.id}>
              <Menu.Item onClick={() => onAdd(l.name)} data-testid="label-option" leftSection={<Box w={8} h={8} style={{ borderRadius: 8, background: `var(--mantine-color-${l.color}-6)` }} />}>
                {t('organize.labels.add', { label: l.name })}
              </Menu.Item>
              <Menu.Item onClick={() => onRemove(l.name)} c="dimmed" fz="xs" pl={32}>{t('organize.labels.remove', { label: l.name })}</Menu.Item>
            </Box>
          ) : (
            <Menu.Item key={l.id} onClick={() => (has(l.name) ? onRemove(l.name) : onAdd(l.name))} data-testid="label-option"
              leftSection={<Box w={8} h={8} style={{ borderRadius: 8, background: `var(--mantine-color-${l.color}-6)` }} />} rightSection={has(l.name) ? <IconCheck size={12} /> : undefined}>
              {l.name}
            </Menu.Item>
          )
        ))}
        {!matching.length && !text.trim() && <Menu.Label>{t('organize.labels.none')}</Menu.Label>}
      </Menu.Dropdown>
    </Menu>
  );
}
