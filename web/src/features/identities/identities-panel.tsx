import { Anchor, Badge, Box, Button, Center, Collapse, Divider, Group, Loader, Modal, Paper, Stack, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import { IDENTITY_LIMITS } from '@parley/contracts/identities';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../api/session.tsx';
import type { Contact } from '../../api/types.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { formatDate, formatDateTime, formatNumber, formatRelative } from '../../components/format.ts';
import { IconChevronDown, IconChevronRight, IconHistory, IconPlus, IconX } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { percentOf, strongestFields } from '../records/describe-change.ts';
import { AddIdentityModal } from './add-identity-modal.tsx';
import { useEvidenceText, useFieldsText } from './evidence.tsx';
import { useContactIdentities, useContactProposals, useDecideMatch, useLinkIdentity, useUnlinkIdentity, type Identity, type MatchCandidate } from './identities-api.ts';
import { NetworkIcon, useNetworkLabel } from './network.tsx';

/** How an identity is named: display name, handle, or its id on the network. */
export function identityName(i: Pick<Identity, 'displayName' | 'handle' | 'externalId'>): string {
  return i.displayName || i.handle || i.externalId;
}

/**
 * The "Social identities" panel of a person: each identity with the evidence of its link and the links undone before,
 * unlinking with a reason, adding one by hand, and the open proposals of identities that may be this person's.
 */
export function IdentitiesPanel({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const readable = can('identities:read');
  const identities = useContactIdentities(contact.id, readable);
  const proposals = useContactProposals(contact.id, can('matches:review'));
  const [adding, setAdding] = useState(false);
  if (!readable) return null;
  const items = identities.data ?? [];
  const open = proposals.data?.items ?? [];
  return (
    <Paper withBorder p="lg" data-testid="identities-panel" component="section" aria-labelledby="identities-title">
      <Group justify="space-between" mb="xs" wrap="nowrap" gap="xs">
        <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
          <Text fw={650} fz="md" id="identities-title" truncate>{t('identities.panel.title')}</Text>
          {items.length > 0 && <Badge size="sm" variant="light" color="gray" circle style={{ flexShrink: 0 }}>{items.length}</Badge>}
        </Group>
        {can('identities:link') && (
          <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)} title={t('identities.add.title')}
            style={{ flexShrink: 0 }} data-testid="add-identity">
            {t('identities.panel.add')}
          </Button>
        )}
      </Group>
      {identities.isPending ? <Center p="md"><Loader size="sm" /></Center>
        : identities.isError ? <QueryError error={identities.error} onRetry={() => void identities.refetch()} />
          : items.length === 0 && open.length === 0 ? (
            <Text fz="sm" c="dimmed" data-testid="identities-empty">{t('identities.panel.empty')}</Text>
          ) : (
            <Stack gap={0}>
              {items.map((i, n) => (
                <Box key={i.id}>
                  {n > 0 && <Divider my="sm" color="gray.2" />}
                  <IdentityRow identity={i} contact={contact} />
                </Box>
              ))}
            </Stack>
          )}
      {open.length > 0 && <PossibleIdentities proposals={open} contact={contact} />}
      {adding && <AddIdentityModal contact={contact} onClose={() => setAdding(false)} />}
    </Paper>
  );
}

function IdentityRow({ identity: i, contact }: { identity: Identity; contact: Contact }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const evidenceText = useEvidenceText();
  const networkLabel = useNetworkLabel();
  const [historyOpen, setHistoryOpen] = useState(false);
  const [unlinking, setUnlinking] = useState(false);
  const current = i.links.find((l) => !l.undoneAt) ?? null;
  const undone = i.links.filter((l) => l.undoneAt);
  const linkedHere = i.contactId === contact.id && current?.contactId === contact.id;
  const name = identityName(i);
  const followers = typeof i.profile.followers === 'number' ? i.profile.followers : null;
  const location = typeof i.profile.location === 'string' ? i.profile.location : null;
  const bio = typeof i.profile.bio === 'string' ? i.profile.bio : null;
  const who = (by: { name: string } | null) => by?.name ?? t('identities.panel.system');
  const label = `${networkLabel(i.network)} ${i.handle ?? name}`;
  const link = useLinkIdentity(contact.id);
  const relink = async () => {
    // Taking an identity from another person undoes their link: asked first.
    if (i.contactId && !(await confirmAction({
      title: t('identities.panel.moveTitle', { identity: label, name: contact.displayName }), message: t('identities.panel.moveText'), confirmLabel: t('identities.panel.linkHere'),
    }))) return;
    try {
      await link.mutateAsync({ identityId: i.id, previousContactId: i.contactId });
      notify({ kind: 'success', message: t('identities.possible.confirmed', { name: contact.displayName }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid="identity-row" data-network={i.network}>
      <NetworkIcon network={i.network} />
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} wrap="nowrap" justify="space-between" align="flex-start">
          <Box style={{ minWidth: 0 }}>
            {i.profileUrl ? (
              <Anchor href={i.profileUrl} target="_blank" rel="noopener noreferrer" fz="sm" fw={600} truncate display="block"
                aria-label={t('identities.panel.openProfile', { name, network: networkLabel(i.network) })}>
                {name}
              </Anchor>
            ) : <Text fz="sm" fw={600} truncate>{name}</Text>}
            {i.handle && i.handle !== name && <Text fz="xs" c="dimmed" truncate>{i.handle}</Text>}
          </Box>
          {can('identities:link') && (linkedHere ? (
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => setUnlinking(true)} aria-label={t('identities.panel.unlinkLabel', { identity: label })}
              style={{ flexShrink: 0 }} data-testid="identity-unlink">
              {t('identities.panel.unlink')}
            </Button>
          ) : (
            <Button size="compact-xs" variant="subtle" onClick={() => void relink()} loading={link.isPending} aria-label={t('identities.panel.linkHereLabel', { identity: label, name: contact.displayName })}
              style={{ flexShrink: 0 }} data-testid="identity-link-here">
              {t('identities.panel.linkHere')}
            </Button>
          ))}
        </Group>
        <Text fz="xs" c="dimmed" mt={2}>
          <Tooltip label={formatDateTime(i.lastSeenAt)}><span>{t('identities.panel.lastSeen', { when: formatRelative(i.lastSeenAt) })}</span></Tooltip>
          {followers !== null && <> · {t('identities.panel.followers', { count: followers, formatted: formatNumber(followers) })}</>}
          {location && <> · {location}</>}
        </Text>
        {bio && <Text fz="xs" c="gray.7" mt={2} lineClamp={2}>{bio}</Text>}
        {linkedHere && current ? (
          <Box mt={6} data-testid="identity-evidence">
            <Text fz="xs" c="gray.8">{evidenceText(current, { by: who(current.by), network: i.network })}</Text>
            <Text fz="xs" c="dimmed">
              <Tooltip label={formatDateTime(current.at)}><span>{formatDate(current.at)}</span></Tooltip> · {who(current.by)}
            </Text>
          </Box>
        ) : (
          <Group gap={6} mt={6}>
            <Badge size="xs" variant="light" color="gray" style={{ textTransform: 'none' }}>
              {i.contactId ? t('identities.panel.linkedElsewhere') : t('identities.panel.notLinked')}
            </Badge>
            {i.contactId && i.contactId !== contact.id && (
              <Anchor component={Link} to={`/people/${i.contactId}`} fz="xs">{t('identities.panel.openOther')}</Anchor>
            )}
          </Group>
        )}
        {i.enrichment && i.enrichedAt && (
          <Text fz="xs" c="dimmed" mt={2}>{t('identities.panel.enriched', { when: formatRelative(i.enrichedAt) })}</Text>
        )}
        {undone.length > 0 && (
          <>
            <UnstyledButton mt={6} onClick={() => setHistoryOpen((o) => !o)} aria-expanded={historyOpen} data-testid="identity-history-toggle">
              <Group gap={4} c="dimmed" fz="xs">
                {historyOpen ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
                <IconHistory size={12} />
                {t('identities.panel.history', { count: undone.length })}
              </Group>
            </UnstyledButton>
            <Collapse expanded={historyOpen}>
              <Stack gap={6} mt={6} pl="sm" style={{ borderLeft: '2px solid var(--mantine-color-gray-2)' }} data-testid="identity-history">
                {undone.map((l) => (
                  <Box key={l.id}>
                    <Text fz="xs" c="gray.7" td="line-through">{evidenceText(l, { by: who(l.by), network: i.network })}</Text>
                    <Text fz="xs" c="dimmed">
                      {t('identities.panel.linkedOn', { date: formatDate(l.at) })}
                      {l.contactId !== contact.id && <> · <Anchor component={Link} to={`/people/${l.contactId}`} fz="xs">{t('identities.panel.otherPerson')}</Anchor></>}
                    </Text>
                    <Text fz="xs" c="gray.8">
                      {t('identities.panel.undone', { date: formatDate(l.undoneAt), by: who(l.undoneBy) })}
                      {' — '}
                      {l.undoReason ? t('identities.panel.reason', { reason: l.undoReason }) : t('identities.panel.noReason')}
                    </Text>
                  </Box>
                ))}
              </Stack>
            </Collapse>
          </>
        )}
      </Box>
      {unlinking && <UnlinkModal identity={i} label={label} contact={contact} onClose={() => setUnlinking(false)} />}
    </Group>
  );
}

function UnlinkModal({ identity, label, contact, onClose }: { identity: Identity; label: string; contact: Contact; onClose: () => void }) {
  const { t } = useTranslation();
  const unlink = useUnlinkIdentity();
  const [reason, setReason] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await unlink.mutateAsync({ identity, reason: reason.trim() });
      notify({ kind: 'success', message: t('identities.panel.unlinked') });
      onClose();
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  return (
    <Modal opened onClose={onClose} title={<Text fw={700}>{t('identities.panel.unlinkTitle', { identity: label })}</Text>} size="md" centered>
      <form onSubmit={submit} noValidate>
        <Text fz="sm" c="gray.7">{t('identities.panel.unlinkText', { name: contact.displayName })}</Text>
        <TextInput mt="md" label={t('identities.panel.reasonLabel')} placeholder={t('identities.panel.reasonPlaceholder')} value={reason}
          onChange={(e) => setReason(e.currentTarget.value)} maxLength={IDENTITY_LIMITS.reason} data-autofocus data-testid="unlink-reason" />
        <Group justify="flex-end" mt="lg" gap="sm">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" color="red" loading={unlink.isPending} data-testid="unlink-confirm">{t('identities.panel.unlink')}</Button>
        </Group>
      </form>
    </Modal>
  );
}

function PossibleIdentities({ proposals, contact }: { proposals: MatchCandidate[]; contact: Contact }) {
  const { t } = useTranslation();
  return (
    <Box mt="md" data-testid="possible-identities">
      <Divider mb="sm" labelPosition="left" label={<Text fz="xs" fw={600} c="gray.7" tt="uppercase">{t('identities.possible.title')}</Text>} />
      <Text fz="xs" c="dimmed" mb="xs">{t('identities.possible.hint')}</Text>
      <Stack gap="sm">
        {proposals.filter((p) => p.identity).map((p) => <Proposal key={p.id} proposal={p} contact={contact} />)}
      </Stack>
    </Box>
  );
}

function Proposal({ proposal: p, contact }: { proposal: MatchCandidate; contact: Contact }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const decide = useDecideMatch();
  const fieldsText = useFieldsText();
  const networkLabel = useNetworkLabel();
  const i = p.identity!;
  const name = identityName(i);
  const pct = percentOf(p.probability);
  const run = async (decision: 'confirm' | 'reject') => {
    try {
      await decide.mutateAsync({ match: p, decision });
      notify({ kind: 'success', message: t(decision === 'confirm' ? 'identities.possible.confirmed' : 'identities.possible.rejected', { name: contact.displayName }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  const fields = strongestFields(p.fields, 3);
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid="possible-identity">
      <NetworkIcon network={i.network} size={26} />
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} wrap="nowrap">
          {i.profileUrl
            ? <Anchor href={i.profileUrl} target="_blank" rel="noopener noreferrer" fz="sm" fw={600} truncate>{name}</Anchor>
            : <Text fz="sm" fw={600} truncate>{name}</Text>}
          <Tooltip label={t('identities.queue.probability')}>
            <Badge size="sm" variant="light" color={pct >= 90 ? 'teal' : pct >= 70 ? 'yellow' : 'orange'} style={{ flexShrink: 0 }}>{t('identities.percent', { pct })}</Badge>
          </Tooltip>
        </Group>
        {fields.length > 0 && <Text fz="xs" c="dimmed">{fieldsText(fields)}</Text>}
        {can('identities:link') && (
          <Group gap={6} mt={6}>
            <Button size="compact-xs" variant="light" color="teal" leftSection={<IconPlus size={12} />} onClick={() => void run('confirm')} loading={decide.isPending && decide.variables?.decision === 'confirm'}
              aria-label={t('identities.possible.confirmLabel', { identity: `${networkLabel(i.network)} ${name}` })}>
              {t('identities.possible.confirm')}
            </Button>
            <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconX size={12} />} onClick={() => void run('reject')} loading={decide.isPending && decide.variables?.decision === 'reject'}>
              {t('identities.possible.notMatch')}
            </Button>
          </Group>
        )}
      </Box>
    </Group>
  );
}
