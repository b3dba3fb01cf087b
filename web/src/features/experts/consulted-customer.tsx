import { Anchor, Avatar, Box, Center, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useConversationConsults, useConversationCustomer } from '../../api/experts.ts';
import { colorFor, initials } from '../../components/format.ts';
import { IconBuilding, IconMail, IconMapPin, IconPhone } from '../../components/icons.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { NetworkIcon, useNetworkLabel } from '../identities/network.tsx';
import { OlaCountdown, OlaDue } from './thread-notes.tsx';

// The sidebar of an expert: they cannot browse people or identities, so the customer of the consulted conversation
// comes from one conversation-scoped call, with the consults they were asked.

/** The customer beside a consulted thread, for experts. */
export function ConsultedCustomer({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const customer = useConversationCustomer(conversationId);
  const consults = useConversationConsults(conversationId);
  const networkLabel = useNetworkLabel();
  if (customer.isPending) return <Center p="md"><Loader size="xs" /></Center>;
  if (customer.isError) return null;
  const { identity: i, contact: p } = customer.data;
  const name = p?.name ?? i?.displayName ?? i?.handle ?? t('inbox.unknownAuthor');
  const a = p?.address;
  return (
    <Stack gap="md" p="md" component="aside" aria-label={t('inbox.side.label')} data-testid="consulted-customer">
      <Section title={t('experts.side.customer')}>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Avatar size={40} radius="xl" src={i?.avatarUrl ?? undefined} color={colorFor(name)} variant="light" alt="">{initials(name)}</Avatar>
          <Box style={{ minWidth: 0 }}>
            <Text fz="sm" fw={650} truncate data-testid="consulted-customer-name">{name}</Text>
            {i && (
              <Group gap={4} wrap="nowrap">
                <NetworkIcon network={i.network as never} size={14} />
                {i.profileUrl ? <Anchor href={i.profileUrl} target="_blank" rel="noopener noreferrer" fz="xs">{i.handle ?? networkLabel(i.network as never)}</Anchor>
                  : <Text fz="xs" c="dimmed">{i.handle ?? networkLabel(i.network as never)}</Text>}
              </Group>
            )}
          </Box>
        </Group>
        {p ? (
          <Stack gap={0} mt="xs">
            {p.email && <Line icon={<IconMail size={13} />}>{p.email}</Line>}
            {p.phone && <Line icon={<IconPhone size={13} />}>{p.phone}</Line>}
            {p.companyName && <Line icon={<IconBuilding size={13} />}>{p.companyName}</Line>}
            {a && <Line icon={<IconMapPin size={13} />}>{[a.street, [a.postalCode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')}</Line>}
          </Stack>
        ) : <Text fz="xs" c="dimmed" mt="xs">{t('experts.side.noContact')}</Text>}
      </Section>
      <Section title={t('experts.side.asked')}>
        {consults.isError ? <QueryError error={consults.error} /> : (consults.data ?? []).length === 0 ? <Text fz="xs" c="dimmed">{t('experts.side.noConsults')}</Text> : (
          <Stack gap="sm">
            {consults.data!.map((k) => (
              <Box key={k.id}>
                <Text fz="xs" c="gray.7">{t('experts.side.from', { name: k.askedBy?.name ?? t('experts.someone') })} · {t(`experts.status.${k.status}`)}</Text>
                <Text fz="sm" lineClamp={4}>{k.question}</Text>
                <Box mt={4}><OlaCountdown consult={k} /></Box>
                <OlaDue consult={k} />
              </Box>
            ))}
          </Stack>
        )}
      </Section>
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Text fz={11} fw={650} c="dimmed" tt="uppercase" lts={0.4} mb="sm">{title}</Text>
      {children}
    </Paper>
  );
}

function Line({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" mt={4}>
      <Box c="gray.5" style={{ display: 'flex', flexShrink: 0 }}>{icon}</Box>
      <Text fz="xs" c="gray.7" truncate>{children}</Text>
    </Group>
  );
}
