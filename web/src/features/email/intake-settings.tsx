import { Alert, Badge, Button, Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useIntake, usePollNow, type IntakeChannel } from '../../api/email.ts';
import { formatDateTime, formatNumber, formatRelative } from '../../components/format.ts';
import { IconAlert, IconMail } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { NetworkIcon } from '../identities/network.tsx';
import { SettingsSection } from '../settings/section.tsx';

/** Settings → Mail & polling: where e-mail arrives (the SMTP receiver), and how LinkedIn and Bluesky are polled. */
export function IntakeSettings() {
  const { t } = useTranslation();
  const intake = useIntake();
  if (intake.isError) return <QueryError error={intake.error} />;
  const data = intake.data;
  const mail = (data?.channels ?? []).filter((c) => c.network === 'email');
  const polled = (data?.channels ?? []).filter((c) => c.network !== 'email');
  return (
    <Stack gap="lg">
      <SettingsSection title={t('email.receiver.title')} description={t('email.receiver.description')}>
        {data && (
          <Stack gap="sm">
            {data.receiver.enabled ? (
              <Group gap="xs" data-testid="smtp-receiver">
                <Badge color="teal" variant="light">{t('email.receiver.on')}</Badge>
                <Text fz="sm">{t('email.receiver.listening')}</Text>
                <Code>{`${data.receiver.host}:${data.receiver.port}`}</Code>
                <Text fz="sm" c="dimmed">{t('email.receiver.maxSize', { size: formatNumber(Math.round(data.receiver.maxBytes / 1024 / 1024)) })}</Text>
              </Group>
            ) : (
              <Alert color="gray" variant="light" icon={<IconAlert />} data-testid="smtp-receiver">{t('email.receiver.off')}</Alert>
            )}
            <Text fz="sm" c="dimmed">{t(data.receiver.outbound === 'smtp' ? 'email.receiver.outboundSmtp' : 'email.receiver.outboundEml')}</Text>
            {mail.length === 0 ? (
              <Stack align="center" py="md" c="dimmed" gap={6}><IconMail size={28} /><Text fz="sm" ta="center" maw={520}>{t('email.receiver.empty')}</Text></Stack>
            ) : (
              <Table verticalSpacing="xs" aria-label={t('email.receiver.title')}>
                <Table.Thead><Table.Tr><Table.Th>{t('email.channel')}</Table.Th><Table.Th>{t('email.address')}</Table.Th><Table.Th>{t('email.answers')}</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {mail.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td><Group gap="xs" wrap="nowrap"><NetworkIcon network={c.network} size={24} /><Text fz="sm" fw={500}>{c.name}</Text></Group></Table.Td>
                      <Table.Td><Code>{c.externalId}</Code></Table.Td>
                      <Table.Td><Text fz="sm">{t(c.ownSmtp ? 'email.ownSmtp' : 'email.serverSmtp')}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
      </SettingsSection>
      <SettingsSection title={t('email.polling.title')} description={t('email.polling.description')}>
        {data && (polled.length === 0 ? (
          <Text fz="sm" c="dimmed" ta="center" py="md">{t('email.polling.empty')}</Text>
        ) : (
          <Table verticalSpacing="xs" aria-label={t('email.polling.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('email.channel')}</Table.Th><Table.Th>{t('email.polling.last')}</Table.Th><Table.Th>{t('email.polling.state')}</Table.Th>
                <Table.Th>{t('email.polling.deliveries')}</Table.Th><Table.Th w={130} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{polled.map((c) => <PolledRow key={c.id} channel={c} />)}</Table.Tbody>
          </Table>
        ))}
      </SettingsSection>
    </Stack>
  );
}

function PolledRow({ channel: c }: { channel: IntakeChannel }) {
  const { t } = useTranslation();
  const poll = usePollNow();
  const b = c.backfill!;
  const waiting = b.notBefore !== null && Date.parse(b.notBefore) > Date.now();
  const run = async () => {
    try {
      const r = await poll.mutateAsync(c.id);
      notify({ kind: r.status === 'stored' || r.status === 'nothing_new' ? 'success' : 'error', message: t(`email.polling.outcome.${r.status}`, { count: r.stored }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  return (
    <Table.Tr data-testid={`polled-${c.network}`}>
      <Table.Td>
        <Group gap="xs" wrap="nowrap"><NetworkIcon network={c.network} size={24} />
          <div><Text fz="sm" fw={500}>{c.name}</Text><Text fz="xs" c="dimmed">{t('email.polling.every', { seconds: b.intervalSeconds })}</Text></div>
        </Group>
      </Table.Td>
      <Table.Td><Text fz="sm" title={formatDateTime(b.lastPolledAt)}>{b.lastPolledAt ? formatRelative(b.lastPolledAt) : t('email.polling.never')}</Text></Table.Td>
      <Table.Td>
        {c.status !== 'active' ? <Badge color="gray" variant="light">{t('email.polling.paused')}</Badge>
          : waiting ? (
            <Tooltip label={b.lastError ?? ''} multiline w={320} disabled={!b.lastError}>
              <Badge color="orange" variant="light">{t('email.polling.waiting', { when: formatDateTime(b.notBefore) })}</Badge>
            </Tooltip>
          ) : b.lastError ? <Tooltip label={b.lastError} multiline w={320}><Badge color="red" variant="light">{t('email.polling.error')}</Badge></Tooltip>
          : <Badge color="teal" variant="light">{t('email.polling.ok')}</Badge>}
      </Table.Td>
      <Table.Td><Text fz="sm">{formatNumber(b.deliveries)}</Text></Table.Td>
      <Table.Td><Button size="xs" variant="light" loading={poll.isPending} disabled={c.status !== 'active'} onClick={() => void run()}>{t('email.polling.now')}</Button></Table.Td>
    </Table.Tr>
  );
}
