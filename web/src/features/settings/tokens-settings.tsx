import { ActionIcon, Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import { useTokenMutations, useTokens } from '../../api/settings.ts';
import type { ApiToken, ApiTokenCreated } from '../../api/types.ts';
import { useUsers } from '../../api/users.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { formatDate, formatDateTime, formatRelative } from '../../components/format.ts';
import { IconKey, IconPlus, IconTrash } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { SettingsSection, ShownOnce } from './section.tsx';

/** API tokens: create (the secret is shown once) and revoke. */
export function TokensSettings() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const { revoke } = useTokenMutations();
  const [creating, setCreating] = useState(false);

  const onRevoke = async (tok: ApiToken) => {
    if (!(await confirmAction({ title: t('settings.tokens.revokeTitle'), message: t('settings.tokens.revokeText', { name: tok.name }), confirmLabel: t('settings.tokens.revoke'), danger: true }))) return;
    try {
      await revoke.mutateAsync(tok.id);
      notify({ kind: 'success', message: t('settings.tokens.revoked', { name: tok.name }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <SettingsSection
      title={t('settings.tokens.title')}
      description={t('settings.tokens.description')}
      actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>{t('settings.tokens.new')}</Button>}
    >
      {tokens.isError ? <QueryError error={tokens.error} /> : tokens.data?.length === 0 ? (
        <Stack align="center" py="xl" c="dimmed" gap={6}><IconKey size={28} /><Text fz="sm">{t('settings.tokens.empty')}</Text></Stack>
      ) : (
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.name')}</Table.Th>
              <Table.Th>{t('settings.tokens.actsAs')}</Table.Th>
              <Table.Th>{t('settings.users.status')}</Table.Th>
              <Table.Th>{t('settings.tokens.created')}</Table.Th>
              <Table.Th>{t('settings.tokens.lastUsed')}</Table.Th>
              <Table.Th w={50} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(tokens.data ?? []).map((tok) => (
              <Table.Tr key={tok.id} c={tok.active ? undefined : 'dimmed'}>
                <Table.Td fw={600} fz="sm">{tok.name}</Table.Td>
                <Table.Td fz="sm">{tok.owner.name}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={tok.active ? 'teal' : 'gray'} style={{ textTransform: 'none' }}>
                    {tok.revokedAt ? t('settings.tokens.revokedOn', { date: formatDate(tok.revokedAt) }) : tok.active ? t('settings.tokens.active') : t('settings.tokens.inactive')}
                  </Badge>
                </Table.Td>
                <Table.Td fz="sm">{formatDate(tok.createdAt)}</Table.Td>
                <Table.Td fz="sm" title={tok.lastUsedAt ? formatDateTime(tok.lastUsedAt) : undefined}>{tok.lastUsedAt ? formatRelative(tok.lastUsedAt) : t('settings.tokens.never')}</Table.Td>
                <Table.Td>
                  {!tok.revokedAt && (
                    <Tooltip label={t('settings.tokens.revoke')}>
                      <ActionIcon variant="subtle" color="red" onClick={() => void onRevoke(tok)} aria-label={t('settings.tokens.revoke')}><IconTrash size={16} /></ActionIcon>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {creating && <TokenModal onClose={() => setCreating(false)} />}
    </SettingsSection>
  );
}

function TokenModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const { users } = useUsers();
  const { create } = useTokenMutations();
  const [name, setName] = useState('');
  const [userId, setUserId] = useState(session.user.id);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setCreated(await create.mutateAsync({ name: name.trim(), userId }));
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      if (!Object.keys(fe).length) notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{t('settings.tokens.new')}</Text>} size={560} closeOnClickOutside={!created}>
      {created ? (
        <Stack>
          <ShownOnce label={t('settings.tokens.secret')} value={created.secret} hint={t('settings.tokens.secretHint')} />
          <Text fz="xs" c="dimmed">{t('settings.tokens.usage')}</Text>
          <Group justify="flex-end"><Button onClick={onClose}>{t('common.done')}</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput label={t('fields.name')} placeholder={t('settings.tokens.namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} required data-autofocus />
            <Select label={t('settings.tokens.actsAs')} description={t('settings.tokens.actsAsHint')} data={users.filter((u) => u.status !== 'invited').map((u) => ({ value: u.id, label: u.name }))} value={userId} onChange={(v) => v && setUserId(v)} allowDeselect={false} error={errors.userId} />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="submit" loading={create.isPending}>{t('settings.tokens.create')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
