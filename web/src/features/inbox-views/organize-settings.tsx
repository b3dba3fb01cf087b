import { ActionIcon, Badge, Box, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { COLORS } from '@parley/contracts/inbox-views';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomStatuses, useInboxLabels, useLabelMutations, useStatusMutations, type Color } from '../../api/inbox-views.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { IconTrash } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { SettingsSection } from '../settings/section.tsx';

const BASE = ['open', 'pending', 'waiting_customer', 'waiting_expert', 'resolved', 'closed'] as const;

function useColorOptions() {
  const { t } = useTranslation();
  return COLORS.map((c) => ({ value: c, label: t(`organize.colors.${c}`) }));
}

/** Settings → Inbox: the workspace's custom statuses and managed labels (managers and admins). */
export function OrganizeSettings() {
  return (
    <Stack gap="lg">
      <CustomStatusesSection />
      <LabelsSection />
    </Stack>
  );
}

function CustomStatusesSection() {
  const { t } = useTranslation();
  const statuses = useCustomStatuses();
  const { create, remove } = useStatusMutations();
  const colors = useColorOptions();
  const [form, setForm] = useState({ baseStatus: 'pending' as (typeof BASE)[number], nameDe: '', nameEn: '', color: 'orange' as Color });
  const fail = (err: unknown) => notify({ kind: 'error', message: errorMessage(err, t) });
  const submit = () => create.mutate(form, { onSuccess: () => setForm({ ...form, nameDe: '', nameEn: '' }), onError: fail });
  return (
    <SettingsSection title={t('organize.settings.statusesTitle')} description={t('organize.settings.statusesHint')}>
      {statuses.data?.length ? (
        <Table mb="md" data-testid="custom-status-table">
          <Table.Thead><Table.Tr><Table.Th>{t('organize.settings.nameDe')}</Table.Th><Table.Th>{t('organize.settings.nameEn')}</Table.Th><Table.Th>{t('organize.settings.base')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {statuses.data.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td><Badge color={s.color} variant="filled" radius="sm" style={{ textTransform: 'none' }}>{s.nameDe}</Badge></Table.Td>
                <Table.Td>{s.nameEn}</Table.Td>
                <Table.Td>{t(`inbox.status.${s.baseStatus}`)}</Table.Td>
                <Table.Td w={40}>
                  <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={async () => {
                    if (await confirmAction({ title: t('organize.settings.deleteStatus', { name: s.nameDe }), message: t('organize.settings.deleteStatusHint'), confirmLabel: t('common.delete'), danger: true })) remove.mutate(s.id, { onError: fail });
                  }}><IconTrash size={14} /></ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : <Text fz="sm" c="dimmed" mb="md" data-testid="custom-status-empty">{t('organize.settings.statusesEmpty')}</Text>}
      <form onSubmit={(e) => { e.preventDefault(); if (form.nameDe.trim() && form.nameEn.trim()) submit(); }}>
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput size="xs" label={t('organize.settings.nameDe')} placeholder="Warten auf Ersatzteil" value={form.nameDe} onChange={(e) => setForm({ ...form, nameDe: e.currentTarget.value })} maxLength={60} data-testid="status-name-de" />
          <TextInput size="xs" label={t('organize.settings.nameEn')} placeholder="Waiting for a spare part" value={form.nameEn} onChange={(e) => setForm({ ...form, nameEn: e.currentTarget.value })} maxLength={60} data-testid="status-name-en" />
          <Select size="xs" w={170} label={t('organize.settings.base')} data={BASE.map((b) => ({ value: b, label: t(`inbox.status.${b}`) }))} value={form.baseStatus} onChange={(v) => v && setForm({ ...form, baseStatus: v as (typeof BASE)[number] })} allowDeselect={false} />
          <Select size="xs" w={120} label={t('organize.settings.color')} data={colors} value={form.color} onChange={(v) => v && setForm({ ...form, color: v as Color })} allowDeselect={false} />
          <Button size="xs" type="submit" loading={create.isPending} disabled={!form.nameDe.trim() || !form.nameEn.trim()} data-testid="status-add">{t('common.add')}</Button>
        </Group>
      </form>
    </SettingsSection>
  );
}

function LabelsSection() {
  const { t } = useTranslation();
  const labels = useInboxLabels();
  const { create, remove } = useLabelMutations();
  const colors = useColorOptions();
  const [name, setName] = useState('');
  const [color, setColor] = useState<Color>('blue');
  const fail = (err: unknown) => notify({ kind: 'error', message: errorMessage(err, t) });
  return (
    <SettingsSection title={t('organize.settings.labelsTitle')} description={t('organize.settings.labelsHint')}>
      {labels.data?.length ? (
        <Group gap={6} mb="md" data-testid="label-list">
          {labels.data.map((l) => (
            <Badge key={l.id} color={l.color} variant="light" radius="sm" size="lg" style={{ textTransform: 'none' }}
              rightSection={<ActionIcon size="xs" variant="transparent" color={l.color} aria-label={t('organize.removeLabel', { label: l.name })} onClick={() => remove.mutate(l.id, { onError: fail })}><IconTrash size={11} /></ActionIcon>}>
              {l.name}
            </Badge>
          ))}
        </Group>
      ) : <Text fz="sm" c="dimmed" mb="md">{t('organize.settings.labelsEmpty')}</Text>}
      <form onSubmit={(e) => { e.preventDefault(); if (name.trim()) create.mutate({ name: name.trim(), color }, { onSuccess: () => setName(''), onError: fail }); }}>
        <Group align="flex-end" gap="xs">
          <TextInput size="xs" label={t('organize.settings.labelName')} placeholder="Garantie" value={name} onChange={(e) => setName(e.currentTarget.value.replace(/,/g, ''))} maxLength={50} data-testid="label-name" />
          <Select size="xs" w={120} label={t('organize.settings.color')} data={colors} value={color} onChange={(v) => v && setColor(v as Color)} allowDeselect={false} />
          <Button size="xs" type="submit" loading={create.isPending} disabled={!name.trim()} data-testid="label-add">{t('common.add')}</Button>
        </Group>
      </form>
      <Box mt="sm"><Text fz="xs" c="dimmed">{t('organize.settings.hashtagsHint')}</Text></Box>
    </SettingsSection>
  );
}
