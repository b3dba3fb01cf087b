import { Avatar, Badge, Box, Button, Center, EmptyState, Group, Loader, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { useDismissDuplicate, useDuplicates } from '../../api/duplicates.ts';
import type { ContactListItem, DuplicateCandidate } from '../../api/types.ts';
import { colorFor, initials } from '../../components/format.ts';
import { IconBuilding, IconCheck, IconMail, IconMapPin, IconMerge, IconPhone } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { MergePage } from './merge-page.tsx';

/** Duplicates: the candidate list (/duplicates) and the merge screen (/duplicates/merge?a=…&b=…). */
export function DuplicatesPage() {
  return (
    <Routes>
      <Route index element={<CandidateList />} />
      <Route path="merge" element={<MergePage />} />
    </Routes>
  );
}

function CandidateList() {
  const { t } = useTranslation();
  const list = useDuplicates();
  return (
    <Box pb="xl" maw={1140}>
      <PageHeader title={t('nav.duplicates')} subtitle={list.data ? t('dup.count', { count: list.data.length }) : undefined} />
      <Stack px="lg" gap="sm">
        {list.isPending ? <Center p="xl"><Loader size="sm" /></Center> : list.isError ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : list.data.length === 0 ? (
          <Paper withBorder><EmptyState py={60} icon={<IconCheck size={26} />} variant="light" color="teal" title={t('dup.emptyTitle')} description={t('dup.emptyText')} /></Paper>
        ) : list.data.map((c) => <CandidateCard key={`${c.a.id}:${c.b.id}`} c={c} />)}
      </Stack>
    </Box>
  );
}

function Side({ p }: { p: ContactListItem }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: 1, minWidth: 0 }}>
      <Avatar size={36} radius="xl" color={colorFor(p.displayName)} variant="light">{initials(p.displayName)}</Avatar>
      <Box style={{ minWidth: 0 }}>
        <Text fw={600} fz="sm" component={Link} to={`/people/${p.id}`} c="dark.7" style={{ textDecoration: 'none' }}>{p.displayName}</Text>
        <Stack gap={2} mt={4}>
          {p.email && <Group gap={6} wrap="nowrap"><IconMail size={13} color="var(--mantine-color-gray-5)" /><Text fz="xs" c="gray.7" truncate>{p.email}</Text></Group>}
          {p.phone && <Group gap={6} wrap="nowrap"><IconPhone size={13} color="var(--mantine-color-gray-5)" /><Text fz="xs" c="gray.7">{p.phone}</Text></Group>}
          {p.company && <Group gap={6} wrap="nowrap"><IconBuilding size={13} color="var(--mantine-color-gray-5)" /><Text fz="xs" c="gray.7" truncate>{p.company.name}</Text></Group>}
          {p.city && <Group gap={6} wrap="nowrap"><IconMapPin size={13} color="var(--mantine-color-gray-5)" /><Text fz="xs" c="gray.7">{p.city}</Text></Group>}
        </Stack>
      </Box>
    </Group>
  );
}

function CandidateCard({ c }: { c: DuplicateCandidate }) {
  const { t } = useTranslation();
  const dismiss = useDismissDuplicate();
  const pct = Math.round(c.score * 100);
  const onDismiss = async () => {
    try {
      await dismiss.mutateAsync({ aId: c.a.id, bId: c.b.id });
      notify({ kind: 'success', message: t('dup.dismissed') });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  return (
    <Paper withBorder p="md" data-testid="duplicate-candidate">
      <Group wrap="nowrap" align="flex-start" gap="lg">
        <Side p={c.a} />
        <Stack align="center" gap={4} w={120} style={{ flexShrink: 0 }}>
          <Tooltip label={t('dup.scoreHint')}>
            <Badge size="lg" variant="light" color={pct >= 90 ? 'red' : pct >= 75 ? 'orange' : 'yellow'}>{pct} %</Badge>
          </Tooltip>
          <Group gap={4} justify="center">
            {c.reasons.map((r) => (
              <Tooltip key={r.field + r.kind} label={r.detail}>
                <Badge size="xs" variant="outline" color="gray" style={{ textTransform: 'none' }}>
                  {t(`fields.${r.field}`, { defaultValue: r.field })} {r.kind === 'exact' ? '=' : '≈'}
                </Badge>
              </Tooltip>
            ))}
          </Group>
        </Stack>
        <Side p={c.b} />
        <Stack gap={6} style={{ flexShrink: 0 }}>
          <Button size="xs" leftSection={<IconMerge size={14} />} component={Link} to={`/duplicates/merge?a=${c.a.id}&b=${c.b.id}`} data-testid="duplicate-merge">{t('dup.merge')}</Button>
          <Button size="xs" variant="subtle" color="gray" onClick={() => void onDismiss()} loading={dismiss.isPending}>{t('dup.notDuplicate')}</Button>
        </Stack>
      </Group>
    </Paper>
  );
}
