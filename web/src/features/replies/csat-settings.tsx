import { Badge, Box, Group, NumberInput, Paper, SimpleGrid, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useConversationCsat, useCsatReport, useReplySettings, useUpdateReplySettings, type CsatReport } from '../../api/replies.ts';
import { useSession } from '../../api/session.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage, QueryError } from '../../components/query-error.tsx';
import { SettingsSection } from '../settings/section.tsx';

const SCORE_COLORS = ['red.6', 'orange.5', 'yellow.5', 'lime.6', 'teal.6'];

/** Settings → CSAT: whether surveys go out after resolution, how long links last, and the report. */
export function CsatSettings() {
  const { t } = useTranslation();
  const { can } = useSession();
  const settings = useReplySettings();
  const update = useUpdateReplySettings();
  const change = (patch: { csatEnabled?: boolean; csatLinkDays?: number }) =>
    update.mutate(patch, { onError: (err) => notify({ kind: 'error', message: errorMessage(err, t) }) });
  return (
    <Stack gap="lg">
      <SettingsSection title={t('replies.csat.title')} description={t('replies.csat.description')}>
        {settings.isError ? <QueryError error={settings.error} /> : settings.data && (
          <Group gap="xl" align="flex-end">
            <Switch label={t('replies.csat.enabled')} checked={settings.data.csatEnabled} disabled={!can('replies:settings')}
              onChange={(e) => change({ csatEnabled: e.currentTarget.checked })} data-testid="csat-enabled" />
            <NumberInput w={180} size="xs" min={1} max={90} label={t('replies.csat.linkDays')} value={settings.data.csatLinkDays} disabled={!can('replies:settings')}
              onBlur={(e) => { const n = Number(e.currentTarget.value); if (n >= 1 && n <= 90 && n !== settings.data.csatLinkDays) change({ csatLinkDays: n }); }} />
          </Group>
        )}
      </SettingsSection>
      <SettingsSection title={t('replies.csat.reportTitle')} description={t('replies.csat.reportDescription')}>
        <CsatReportView />
      </SettingsSection>
    </Stack>
  );
}

function CsatReportView() {
  const { t } = useTranslation();
  const report = useCsatReport(12);
  if (report.isError) return <QueryError error={report.error} onRetry={() => void report.refetch()} />;
  if (!report.data) return null;
  const r = report.data;
  if (r.answered === 0) return <Paper withBorder p="lg" bg="var(--parley-bg)"><Text c="dimmed" fz="sm">{t('replies.csat.noAnswers', { sent: r.sent })}</Text></Paper>;
  return (
    <Stack gap="md" data-testid="csat-report">
      <SimpleGrid cols={3}>
        <Figure label={t('replies.csat.average')} value={r.average?.toFixed(2) ?? '—'} />
        <Figure label={t('replies.csat.answered')} value={String(r.answered)} />
        <Figure label={t('replies.csat.responseRate')} value={r.sent ? `${Math.round((r.answered / r.sent) * 100)} %` : '—'} />
      </SimpleGrid>
      <WeekChart weeks={r.weeks} />
      <Group gap="md">
        {r.distribution.map((n, i) => (
          <Group key={i} gap={4}><Box w={10} h={10} bg={SCORE_COLORS[i]} style={{ borderRadius: 2 }} /><Text fz="xs" c="dimmed">{i + 1}: {n}</Text></Group>
        ))}
      </Group>
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text fz="xs" c="dimmed">{label}</Text>
      <Text fz={24} fw={650}>{value}</Text>
    </Paper>
  );
}

// Stacked bars per week (answers by score), tallest week full height.
function WeekChart({ weeks }: { weeks: CsatReport['weeks'] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...weeks.map((w) => w.count));
  return (
    <Group gap={8} align="flex-end" h={140} role="img" aria-label={t('replies.csat.chartLabel')} wrap="nowrap" style={{ overflowX: 'auto' }}>
      {weeks.map((w) => (
        <Tooltip key={w.week} label={t('replies.csat.weekTooltip', { week: w.week, count: w.count, average: w.average?.toFixed(2) ?? '—' })}>
          <Stack gap={2} align="center" w={38}>
            <Stack gap={0} h={110} justify="flex-end" w={26}>
              {[...w.distribution].map((n, i) => ({ n, i })).reverse().map(({ n, i }) => (
                n > 0 ? <Box key={i} h={(n / max) * 110} bg={SCORE_COLORS[i]} /> : null
              ))}
            </Stack>
            <Text fz={10} c="dimmed">{w.week.slice(5)}</Text>
          </Stack>
        </Tooltip>
      ))}
    </Group>
  );
}

/** The CSAT score of a conversation (its latest answered survey), or that a survey was sent. */
export function ConversationCsatBadge({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const csat = useConversationCsat(conversationId, can('csat:read'));
  const latest = csat.data?.[0];
  if (!latest) return null;
  if (latest.score === null) return <Badge size="sm" variant="light" color="gray" style={{ textTransform: 'none' }} data-testid="csat-badge">{t('replies.csat.sent')}</Badge>;
  return (
    <Tooltip label={latest.comment ?? t('replies.csat.noComment')} multiline w={260}>
      <Badge size="sm" variant="light" color={latest.score >= 4 ? 'teal' : latest.score === 3 ? 'yellow' : 'red'} style={{ textTransform: 'none' }} data-testid="csat-badge">
        {t('replies.csat.score', { score: latest.score })}
      </Badge>
    </Tooltip>
  );
}
