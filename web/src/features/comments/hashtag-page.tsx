import { Anchor, Badge, Box, Container, Group, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useHashtagPage, type HashtagPage } from '../../api/comments.ts';
import { useSession } from '../../api/session.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { HashtagAdminActions } from './hashtag-admin.tsx';

// The hashtag page: every comment, note, message and room post carrying a tag over time (26 ISO weeks as CSS bars),
// broken down by record type and team, with the tags that occur with it and the list of uses; admins rename and merge.

function WeekBars({ weeks }: { weeks: HashtagPage['weeks'] }) {
  const { t, i18n } = useTranslation();
  const max = Math.max(1, ...weeks.map((w) => w.count));
  const fmt = new Intl.DateTimeFormat(i18n.language, { day: '2-digit', month: '2-digit' });
  return (
    <Box role="img" aria-label={t('comments.hashtag.perWeek')} data-testid="hashtag-weeks">
      <Group gap={3} align="flex-end" h={120} wrap="nowrap">
        {weeks.map((w) => (
          <Tooltip key={w.week} label={t('comments.hashtag.weekOf', { date: fmt.format(new Date(`${w.week}T00:00:00Z`)), count: w.count })}>
            <Box data-testid="hashtag-week" data-week={w.week} data-count={w.count} style={{ flex: 1, minWidth: 6, height: `${Math.max(2, (w.count / max) * 100)}%`, borderRadius: 2,
              background: w.count ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-gray-3)' }} />
          </Tooltip>
        ))}
      </Group>
      <Group justify="space-between" mt={4}>
        <Text fz="xs" c="dimmed">{weeks[0] && fmt.format(new Date(`${weeks[0].week}T00:00:00Z`))}</Text>
        <Text fz="xs" c="dimmed">{t('comments.hashtag.thisWeek')}</Text>
      </Group>
    </Box>
  );
}

function Breakdown({ title, rows, testId }: { title: string; rows: { label: string; count: number }[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Text fw={600} mb="xs">{title}</Text>
      {rows.length === 0 ? <Text fz="sm" c="dimmed">{t('comments.hashtag.none')}</Text> : (
        <Stack gap={4}>
          {rows.map((r) => <Group key={r.label} justify="space-between"><Text fz="sm">{r.label}</Text><Badge variant="light">{r.count}</Badge></Group>)}
        </Stack>
      )}
    </Paper>
  );
}

/** /hashtags/:tag */
export function HashtagPageView() {
  const { tag = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const q = useHashtagPage(tag);
  if (q.isLoading) return <PageLoader />;
  if (q.error) return <Container py="lg"><QueryError error={q.error} onRetry={() => void q.refetch()} /></Container>;
  const p = q.data!;
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Container size="lg" py="lg" data-testid="hashtag-page">
      <Group justify="space-between" mb="md">
        <Title order={2} data-testid="hashtag-title">#{p.uses[0]?.displayTag ?? p.tag}</Title>
        <Group gap="sm">
          {can('hashtags:manage') && p.total > 0 && <HashtagAdminActions key={p.tag} tag={p.tag} display={p.uses[0]?.displayTag ?? p.tag} total={p.total} />}
          <Badge size="lg" data-testid="hashtag-total">{t('comments.uses', { count: p.total })}</Badge>
        </Group>
      </Group>
      {p.total === 0 ? <Text c="dimmed">{t('comments.hashtag.empty')}</Text> : (
        <Stack gap="md">
          <Paper withBorder p="md" radius="md"><Text fw={600} mb="xs">{t('comments.hashtag.perWeek')}</Text><WeekBars weeks={p.weeks} /></Paper>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Breakdown testId="hashtag-by-type" title={t('comments.hashtag.byType')} rows={p.byRecordType.map((r) => ({ label: t(`comments.types.${r.recordType}`, { defaultValue: r.recordType }), count: r.count }))} />
            <Breakdown testId="hashtag-by-team" title={t('comments.hashtag.byTeam')} rows={p.byTeam.map((r) => ({ label: r.name ?? t('comments.hashtag.noTeam'), count: r.count }))} />
            <Paper withBorder p="md" radius="md" data-testid="hashtag-related">
              <Text fw={600} mb="xs">{t('comments.hashtag.related')}</Text>
              {p.related.length === 0 ? <Text fz="sm" c="dimmed">{t('comments.hashtag.none')}</Text> : (
                <Group gap={6}>{p.related.map((r) => <Anchor key={r.tag} component={Link} to={`/hashtags/${encodeURIComponent(r.tag)}`} fz="sm">#{r.tag} ({r.count})</Anchor>)}</Group>
              )}
            </Paper>
          </SimpleGrid>
          <Paper withBorder radius="md">
            <Table striped data-testid="hashtag-uses">
              <Table.Thead><Table.Tr><Table.Th>{t('comments.hashtag.when')}</Table.Th><Table.Th>{t('comments.hashtag.where')}</Table.Th><Table.Th>{t('comments.hashtag.source')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {p.uses.map((u) => (
                  <Table.Tr key={`${u.sourceKind}:${u.sourceId}`}>
                    <Table.Td>{fmt.format(new Date(u.createdAt))}</Table.Td>
                    <Table.Td><Anchor component={Link} to={u.link}>{t(`comments.types.${u.recordType}`, { defaultValue: u.recordType })}</Anchor></Table.Td>
                    <Table.Td>{t(`comments.sources.${u.sourceKind}`, { defaultValue: u.sourceKind })}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </Stack>
      )}
    </Container>
  );
}
