import { Anchor, Badge, Box, Button, Center, Code, Group, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { EVENT_TYPES } from '@parley/contracts/events';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAudit } from '../../api/settings.ts';
import type { AuditEntry } from '../../api/types.ts';
import { useUsers } from '../../api/users.ts';
import { formatDateTime } from '../../components/format.ts';
import { IconChevronDown, IconChevronRight } from '../../components/icons.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { formatValue } from '../records/describe-change.ts';
import { SettingsSection } from './section.tsx';

/** The audit log: who changed what and when, with the values before and after. */
export function AuditSettings() {
  const { t } = useTranslation();
  const { users } = useUsers();
  const [action, setAction] = useState<string | null>(null);
  const [actorId, setActorId] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const audit = useAudit({ action: action ?? undefined, actorId: actorId ?? undefined, from: from || undefined, to: to || undefined });
  const list = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const [open, setOpen] = useState<string | null>(null);

  return (
    <SettingsSection title={t('settings.audit.title')} description={t('settings.audit.description')}>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" mb="md">
        <Select size="xs" label={t('settings.audit.action')} data={EVENT_TYPES.map((e) => ({ value: e, label: e }))} value={action} onChange={setAction} clearable searchable placeholder={t('settings.audit.any')} />
        <Select size="xs" label={t('settings.audit.actor')} data={users.map((u) => ({ value: u.id, label: u.name }))} value={actorId} onChange={setActorId} clearable searchable placeholder={t('settings.audit.any')} />
        <TextInput size="xs" type="date" label={t('common.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput size="xs" type="date" label={t('common.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </SimpleGrid>
      {audit.isPending ? <Center p="lg"><Loader size="sm" /></Center> : audit.isError ? <QueryError error={audit.error} /> : list.length === 0 ? (
        <Text c="dimmed" fz="sm" ta="center" py="xl">{t('settings.audit.empty')}</Text>
      ) : (
        <Table verticalSpacing="xs" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={30} />
              <Table.Th w={170}>{t('settings.audit.when')}</Table.Th>
              <Table.Th>{t('settings.audit.actor')}</Table.Th>
              <Table.Th>{t('settings.audit.action')}</Table.Th>
              <Table.Th>{t('settings.audit.record')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((e) => (
              <Fragment key={e.eventId}>
                <Table.Tr style={{ cursor: 'pointer' }} onClick={() => setOpen(open === e.eventId ? null : e.eventId)}>
                  <Table.Td>
                    <UnstyledButton aria-expanded={open === e.eventId} aria-label={t('settings.audit.details')}>
                      {open === e.eventId ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td>{e.actor?.name ?? (e.actorKind === 'system' ? t('timeline.system') : e.actorKind)}</Table.Td>
                  <Table.Td><Badge size="sm" variant="light" color="gray" style={{ textTransform: 'none' }} title={e.action}>{t(`timeline.kind.${e.action}`, { defaultValue: e.action })}</Badge></Table.Td>
                  <Table.Td><RecordRef type={e.entityType} id={e.entityId} /></Table.Td>
                </Table.Tr>
                {open === e.eventId && (
                  <Table.Tr>
                    <Table.Td colSpan={5} bg="gray.0"><AuditDiff entry={e} /></Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {audit.hasNextPage && <Center mt="sm"><Button variant="subtle" size="xs" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>{t('common.loadMore')}</Button></Center>}
    </SettingsSection>
  );
}

// Records with a page of their own link to it; the rest show their type and id.
function RecordRef({ type, id }: { type: string; id: string }) {
  const { t } = useTranslation();
  const path = type === 'contact' ? `/people/${id}` : type === 'company' ? `/companies/${id}` : null;
  const label = `${t(`search.type.${type}`, { defaultValue: type })} · ${id.slice(0, 8)}`;
  if (path) return <Anchor component={Link} to={path} fz="xs" ff="monospace" onClick={(ev) => ev.stopPropagation()}>{label}</Anchor>;
  return <Text fz="xs" c="dimmed" ff="monospace">{label}</Text>;
}

function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !['updatedAt', 'createdAt', 'id'].includes(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (!keys.length) return <Code block>{JSON.stringify(entry.after ?? entry.before, null, 2)}</Code>;
  return (
    <Stack gap={2} p="xs">
      {keys.map((k) => (
        <Box key={k}>
          <Text span fz="sm" fw={600}>{t(`fields.${k}`, { defaultValue: k })}: </Text>
          <Text span fz="sm" c="dimmed" td={entry.before ? 'line-through' : undefined}>{formatValue(before[k], t('common.yes'), t('common.no'))}</Text>
          <Text span fz="sm"> → {formatValue(after[k], t('common.yes'), t('common.no'))}</Text>
        </Box>
      ))}
      <Group mt={4}><Text fz="xs" c="dimmed">{t('settings.audit.eventId')}: {entry.eventId}</Text></Group>
    </Stack>
  );
}
