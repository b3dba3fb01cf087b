import { Anchor, Avatar, Box, Button, Center, Divider, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useContact } from '../../api/contacts.ts';
import { useContactConversations, useConversation, useIdentity } from '../../api/inbox.ts';
import { useSession } from '../../api/session.tsx';
import { colorFor, formatNumber, formatRelative, initials } from '../../components/format.ts';
import { IconArrowRight, IconBuilding, IconLink, IconMail, IconMapPin, IconPhone } from '../../components/icons.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { TagList } from '../../components/tag-list.tsx';
import { StageBadge } from '../contacts/stage.tsx';
import { useContactIdentities } from '../identities/identities-api.ts';
import { identityName } from '../identities/identities-panel.tsx';
import { NetworkIcon, useNetworkLabel } from '../identities/network.tsx';
import { StatusBadge } from './labels.tsx';
import { ConsultedCustomer } from '../experts/consulted-customer.tsx';
import { CommentsPanel } from '../comments/comments-panel.tsx';

/** The customer beside the thread: who wrote (the social identity) and, when linked, the person with their other conversations. */
export function CustomerSidebar({ conversationId, linkTo }: { conversationId: string; linkTo: (id: string) => string }) {
  const { can } = useSession();
  // Experts cannot read people or identities: they see the customer of a consulted conversation through it.
  if (can('inbox:consulted')) return <ConsultedCustomer conversationId={conversationId} />;
  return <AgentSidebar conversationId={conversationId} linkTo={linkTo} />;
}

function AgentSidebar({ conversationId, linkTo }: { conversationId: string; linkTo: (id: string) => string }) {
  const { t } = useTranslation();
  const conversation = useConversation(conversationId);
  const identity = useIdentity(conversation.data?.identityId);
  if (conversation.isPending) return null;
  if (conversation.isError) return null;
  const contactId = conversation.data.contactId ?? identity.data?.contactId ?? null;
  return (
    <Stack gap="md" p="md" data-testid="customer-sidebar" component="aside" aria-label={t('inbox.side.label')}>
      <Section title={t('inbox.side.author')} testId="side-author">
        {!conversation.data.identityId ? <Text fz="sm" c="dimmed">{t('inbox.unknownAuthor')}</Text>
          : identity.isPending ? <Center p="sm"><Loader size="xs" /></Center>
            : identity.isError ? <QueryError error={identity.error} onRetry={() => void identity.refetch()} />
              : <AuthorCard identity={identity.data} />}
      </Section>
      {contactId ? <PersonSection contactId={contactId} currentId={conversationId} linkTo={linkTo} /> : <NotLinked />}
      <Section title={t('comments.tab')} testId="side-comments"><CommentsPanel recordType="conversation" recordId={conversationId} /></Section>
    </Stack>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title} data-testid={testId}>
      <Text fz={11} fw={650} c="dimmed" tt="uppercase" lts={0.4} mb="sm">{title}</Text>
      {children}
    </Paper>
  );
}

function AuthorCard({ identity: i }: { identity: NonNullable<ReturnType<typeof useIdentity>['data']> }) {
  const { t } = useTranslation();
  const networkLabel = useNetworkLabel();
  const name = identityName(i);
  const followers = typeof i.profile.followers === 'number' ? i.profile.followers : null;
  const location = typeof i.profile.location === 'string' ? i.profile.location : null;
  const bio = typeof i.profile.bio === 'string' ? i.profile.bio : null;
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Box pos="relative" style={{ flexShrink: 0 }}>
        <Avatar size={44} radius="xl" src={i.avatarUrl ?? undefined} color={colorFor(name)} variant="light" alt="">{initials(name)}</Avatar>
        <Box pos="absolute" right={-6} bottom={-6}><NetworkIcon network={i.network} size={20} /></Box>
      </Box>
      <Box style={{ minWidth: 0 }}>
        {i.profileUrl ? (
          <Anchor href={i.profileUrl} target="_blank" rel="noopener noreferrer" fz="sm" fw={650} truncate display="block"
            aria-label={t('identities.panel.openProfile', { name, network: networkLabel(i.network) })}>{name}</Anchor>
        ) : <Text fz="sm" fw={650} truncate data-testid="side-author-name">{name}</Text>}
        {i.handle && i.handle !== name && <Text fz="xs" c="dimmed" truncate>{i.handle}</Text>}
        <Text fz="xs" c="gray.7" mt={2}>
          {networkLabel(i.network)}
          {followers !== null && <> · {t('identities.panel.followers', { count: followers, formatted: formatNumber(followers) })}</>}
        </Text>
        {location && <Line icon={<IconMapPin size={13} />}>{location}</Line>}
        {bio && <Text fz="xs" c="gray.7" mt={4} lineClamp={3}>{bio}</Text>}
        <Text fz="xs" c="dimmed" mt={4}>{t('identities.panel.lastSeen', { when: formatRelative(i.lastSeenAt) })}</Text>
      </Box>
    </Group>
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

function NotLinked() {
  const { t } = useTranslation();
  const { can } = useSession();
  return (
    <Section title={t('inbox.side.person')} testId="side-not-linked">
      <Text fz="sm" fw={600}>{t('inbox.side.notLinked')}</Text>
      <Text fz="xs" c="dimmed" mt={4}>{t('inbox.side.notLinkedHint')}</Text>
      {can('matches:review') && (
        <Button component={Link} to="/matches" variant="light" size="xs" mt="sm" leftSection={<IconLink size={14} />} data-testid="side-review-queue">
          {t('inbox.side.reviewQueue')}
        </Button>
      )}
    </Section>
  );
}

function PersonSection({ contactId, currentId, linkTo }: { contactId: string; currentId: string; linkTo: (id: string) => string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const contact = useContact(contactId);
  const identities = useContactIdentities(contactId, can('identities:read'));
  const others = useContactConversations(contactId);
  if (contact.isPending) return <Section title={t('inbox.side.person')}><Center p="sm"><Loader size="xs" /></Center></Section>;
  if (contact.isError) return <Section title={t('inbox.side.person')}><QueryError error={contact.error} onRetry={() => void contact.refetch()} /></Section>;
  const p = contact.data;
  const past = (others.data ?? []).filter((c) => c.id !== currentId);
  return (
    <>
      <Section title={t('inbox.side.person')} testId="side-person">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Avatar size={40} radius="xl" color={colorFor(p.displayName)} variant="light" alt="">{initials(p.displayName)}</Avatar>
          <Box style={{ minWidth: 0, flex: 1 }}>
            <Anchor component={Link} to={`/people/${p.id}`} fz="sm" fw={650} c="dark.7" truncate display="block" data-testid="side-person-name">{p.displayName}</Anchor>
            {p.jobTitle && <Text fz="xs" c="dimmed" truncate>{p.jobTitle}</Text>}
            <Box mt={4}><StageBadge stage={p.lifecycleStage} size="xs" /></Box>
          </Box>
        </Group>
        <Stack gap={0} mt="xs">
          {p.emails.slice(0, 2).map((e) => <Line key={e.value} icon={<IconMail size={13} />}><Anchor href={`mailto:${e.value}`} fz="xs">{e.value}</Anchor></Line>)}
          {p.phones.slice(0, 2).map((ph) => <Line key={ph.value} icon={<IconPhone size={13} />}>{ph.value}</Line>)}
          {p.company && <Line icon={<IconBuilding size={13} />}><Anchor component={Link} to={`/companies/${p.company.id}`} fz="xs" c="gray.7">{p.company.name}</Anchor></Line>}
        </Stack>
        {p.tags.length > 0 && <Box mt="sm"><TagList tags={p.tags} max={4} size="xs" /></Box>}
        {(identities.data?.length ?? 0) > 0 && (
          <>
            <Divider my="sm" color="gray.2" />
            <Text fz="xs" fw={600} c="gray.7" mb={6}>{t('inbox.side.identities')}</Text>
            <Stack gap={6} data-testid="side-identities">
              {identities.data!.map((i) => (
                <Group key={i.id} gap={8} wrap="nowrap">
                  <NetworkIcon network={i.network} size={20} />
                  <Text fz="xs" truncate>{i.handle ?? identityName(i)}</Text>
                </Group>
              ))}
            </Stack>
          </>
        )}
        <Anchor component={Link} to={`/people/${p.id}`} fz="xs" fw={600} mt="sm" display="inline-block" data-testid="side-person-link">
          <Group gap={4}>{t('inbox.side.openPerson')}<IconArrowRight size={12} /></Group>
        </Anchor>
      </Section>
      <Section title={t('inbox.side.otherConversations')} testId="side-conversations">
        {others.isPending ? <Center p="xs"><Loader size="xs" /></Center>
          : past.length === 0 ? <Text fz="xs" c="dimmed">{t('inbox.side.noOtherConversations')}</Text> : (
            <Stack gap={8}>
              {past.slice(0, 8).map((c) => (
                <Anchor key={c.id} component={Link} to={linkTo(c.id)} underline="never" c="inherit" data-testid="side-conversation">
                  <Group gap={8} wrap="nowrap" align="flex-start">
                    {c.network && <NetworkIcon network={c.network} size={20} />}
                    <Box style={{ minWidth: 0, flex: 1 }}>
                      <Text fz="xs" lineClamp={1}>{c.subject || c.preview || t('inbox.noText')}</Text>
                      <Group gap={6} mt={2}><StatusBadge status={c.status} /><Text fz={11} c="dimmed">{formatRelative(c.lastMessageAt)}</Text></Group>
                    </Box>
                  </Group>
                </Anchor>
              ))}
            </Stack>
          )}
      </Section>
    </>
  );
}
