import { Alert, Anchor, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IDENTITY_LIMITS, NETWORKS, type Network } from '@parley/contracts/identities';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, fieldErrors } from '../../api/client.ts';
import type { Contact } from '../../api/types.ts';
import { IconAlert } from '../../components/icons.tsx';
import { Key } from '../../components/kbd.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { useAddIdentity, useLinkIdentity } from './identities-api.ts';
import { NetworkIcon, useNetworkLabel } from './network.tsx';

// The networks an agent adds by hand first; sign-on identities come from the sign-on itself, but may be recorded too.
const ORDER: readonly Network[] = ['x', 'instagram', 'facebook', 'linkedin', 'xing', 'mastodon', 'bluesky', 'email', 'community'];
const NETWORK_CHOICES: readonly Network[] = [...ORDER, ...NETWORKS.filter((n) => !ORDER.includes(n))];

/** The "add identity" dialog: an account the agent knows is this person's, linked as their decision. */
export function AddIdentityModal({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const { t } = useTranslation();
  const networkLabel = useNetworkLabel();
  const add = useAddIdentity(contact.id);
  const [network, setNetwork] = useState<Network>('x');
  const [externalId, setExternalId] = useState('');
  const [handle, setHandle] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [profileUrl, setProfileUrl] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The identity that is someone else's, and whose it is (the conflict's details).
  const [elsewhere, setElsewhere] = useState<{ contactId: string; identityId: string } | null>(null);
  const link = useLinkIdentity(contact.id);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Without an id the handle identifies the account (what an agent usually knows).
    const id = externalId.trim() || handle.trim();
    const local: Record<string, string> = {};
    if (!id) local.externalId = t('identities.add.idRequired');
    if (profileUrl.trim() && !/^https?:\/\/\S+\.\S+/.test(profileUrl.trim())) local.profileUrl = t('identities.add.invalidUrl');
    setErrors(local);
    setElsewhere(null);
    if (Object.keys(local).length) return;
    try {
      await add.mutateAsync({
        network, externalId: id, handle: handle.trim() || null, displayName: displayName.trim() || null,
        profileUrl: profileUrl.trim() || null, note: note.trim() || undefined,
      });
      notify({ kind: 'success', message: t('identities.add.added') });
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'identity_linked_elsewhere') {
        const d = (err.details ?? {}) as { contactId?: unknown; identityId?: unknown };
        setElsewhere({ contactId: typeof d.contactId === 'string' ? d.contactId : '', identityId: typeof d.identityId === 'string' ? d.identityId : '' });
        return;
      }
      const fe = fieldErrors(err);
      if (Object.keys(fe).length) setErrors(fe);
      else notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };

  const linkHere = async () => {
    if (!elsewhere?.identityId) return;
    try {
      await link.mutateAsync({ identityId: elsewhere.identityId, previousContactId: elsewhere.contactId, note: note.trim() || undefined });
      notify({ kind: 'success', message: t('identities.possible.confirmed', { name: contact.displayName }) });
      onClose();
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{t('identities.add.title')}</Text>} size={560} data-testid="add-identity-modal">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text fz="sm" c="gray.7">{t('identities.add.intro', { name: contact.displayName })}</Text>
          {elsewhere !== null && (
            <Alert color="orange" variant="light" icon={<IconAlert />} title={t('identities.add.conflictTitle')} role="alert" data-testid="identity-conflict">
              <Text fz="sm">{t('identities.add.conflictText')}</Text>
              <Group gap="md" mt="sm">
                {elsewhere.contactId && <Anchor component={Link} to={`/people/${elsewhere.contactId}`} onClick={onClose} fz="sm" fw={600}>{t('identities.add.openOther')}</Anchor>}
                {elsewhere.identityId && (
                  <Button size="compact-sm" variant="white" color="orange" onClick={() => void linkHere()} loading={link.isPending} data-testid="identity-link-instead">
                    {t('identities.add.linkInstead', { name: contact.displayName })}
                  </Button>
                )}
              </Group>
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Select
              label={t('identities.add.network')}
              data={NETWORK_CHOICES.map((n) => ({ value: n, label: networkLabel(n) }))}
              value={network}
              onChange={(v) => v && setNetwork(v as Network)}
              allowDeselect={false}
              leftSection={<NetworkIcon network={network} size={20} />}
              withAsterisk
              data-testid="identity-network"
            />
            <TextInput label={t('identities.add.handle')} placeholder="@name" value={handle} onChange={(e) => setHandle(e.currentTarget.value)} maxLength={IDENTITY_LIMITS.handle}
              error={errors.handle} name="handle" data-autofocus />
          </SimpleGrid>
          <TextInput label={t('identities.add.externalId')} description={t('identities.add.externalIdHint')} value={externalId} onChange={(e) => setExternalId(e.currentTarget.value)}
            maxLength={IDENTITY_LIMITS.externalId} error={errors.externalId} name="externalId" />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label={t('identities.add.displayName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} maxLength={IDENTITY_LIMITS.displayName}
              error={errors.displayName} name="displayName" />
            <TextInput label={t('identities.add.profileUrl')} placeholder="https://" type="url" value={profileUrl} onChange={(e) => setProfileUrl(e.currentTarget.value)} maxLength={IDENTITY_LIMITS.url}
              error={errors.profileUrl} name="profileUrl" />
          </SimpleGrid>
          <TextInput label={t('identities.add.note')} placeholder={t('identities.add.notePlaceholder')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={IDENTITY_LIMITS.reason}
            error={errors.note} name="note" />
          <Group justify="space-between" mt="sm">
            <Group gap={4}><Key>Enter</Key><Text fz="xs" c="dimmed">{t('common.toSave')}</Text><Key>Esc</Key><Text fz="xs" c="dimmed">{t('common.toCancel')}</Text></Group>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="submit" loading={add.isPending} data-testid="add-identity-submit">{t('identities.add.submit')}</Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
