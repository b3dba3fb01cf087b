import { Avatar, Badge, Button, Group, Menu, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, ActionIcon } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import { useUserMutations } from '../../api/settings.ts';
import type { InviteResult, Language, Role, User } from '../../api/types.ts';
import { useUsersQuery } from '../../api/users.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { colorFor, formatDateTime, formatRelative, initials } from '../../components/format.ts';
import { IconDots, IconPlus } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { ROLES } from './roles.ts';
import { SettingsSection, ShownOnce } from './section.tsx';

const STATUS_COLORS = { active: 'teal', invited: 'blue', deactivated: 'gray' } as const;

/** The workspace's users: invite (the link is shown once), change roles, deactivate and reactivate. */
export function UsersSettings() {
  const { t } = useTranslation();
  const { session } = useSession();
  const users = useUsersQuery();
  const m = useUserMutations();
  const [inviting, setInviting] = useState(false);

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      notify({ kind: 'success', message: ok });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  const deactivate = async (u: User) => {
    if (!(await confirmAction({ title: t('settings.users.deactivateTitle'), message: t('settings.users.deactivateText', { name: u.name }), confirmLabel: t('settings.users.deactivate'), danger: true }))) return;
    await act(() => m.deactivate.mutateAsync(u.id), t('settings.users.deactivated', { name: u.name }));
  };

  return (
    <SettingsSection
      title={t('settings.users.title')}
      description={t('settings.users.description')}
      actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setInviting(true)}>{t('settings.users.invite')}</Button>}
    >
      {users.isError ? <QueryError error={users.error} /> : (
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.name')}</Table.Th>
              <Table.Th w={190}>{t('settings.users.role')}</Table.Th>
              <Table.Th w={130}>{t('settings.users.status')}</Table.Th>
              <Table.Th w={160}>{t('settings.users.lastLogin')}</Table.Th>
              <Table.Th w={50} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((u) => (
              <Table.Tr key={u.id} data-testid="user-row">
                <Table.Td>
                  <Group gap="sm" wrap="nowrap">
                    <Avatar size={32} radius="xl" color={colorFor(u.name)} variant="light">{initials(u.name)}</Avatar>
                    <div>
                      <Text fz="sm" fw={600}>{u.name}{u.id === session.user.id ? ` (${t('people.me')})` : ''}</Text>
                      <Text fz="xs" c="dimmed">{u.email}</Text>
                    </div>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                    value={u.role}
                    allowDeselect={false}
                    disabled={u.id === session.user.id || u.status === 'deactivated'}
                    onChange={(v) => v && v !== u.role && void act(() => m.update.mutateAsync({ id: u.id, patch: { role: v as Role } }), t('settings.users.roleChanged', { name: u.name, role: t(`roles.${v}`) }))}
                    aria-label={t('settings.users.role')}
                  />
                </Table.Td>
                <Table.Td><Badge variant="light" color={STATUS_COLORS[u.status]} style={{ textTransform: 'none' }}>{t(`settings.users.statusName.${u.status}`)}</Badge></Table.Td>
                <Table.Td><Text fz="sm" c="dimmed" title={u.lastLoginAt ? formatDateTime(u.lastLoginAt) : undefined}>{u.lastLoginAt ? formatRelative(u.lastLoginAt) : '—'}</Text></Table.Td>
                <Table.Td>
                  {u.id !== session.user.id && (
                    <Menu position="bottom-end">
                      <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon></Menu.Target>
                      <Menu.Dropdown>
                        {u.status === 'deactivated' ? (
                          <Menu.Item onClick={() => void act(() => m.reactivate.mutateAsync(u.id), t('settings.users.reactivated', { name: u.name }))}>{t('settings.users.reactivate')}</Menu.Item>
                        ) : (
                          <Menu.Item color="red" onClick={() => void deactivate(u)}>{t('settings.users.deactivate')}</Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {inviting && <InviteModal onClose={() => setInviting(false)} />}
    </SettingsSection>
  );
}

function InviteModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const { invite } = useUserMutations();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('sales');
  const [language, setLanguage] = useState<Language>(session.user.language);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<InviteResult | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setResult(await invite.mutateAsync({ name: name.trim(), email: email.trim(), role, language }));
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      if (!Object.keys(fe).length) notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{t('settings.users.inviteTitle')}</Text>} size={520}>
      {result ? (
        <Stack>
          <ShownOnce label={t('settings.users.inviteLink')} value={result.inviteUrl} hint={t('settings.users.inviteLinkHint', { name: result.user.name, date: formatDateTime(result.expiresAt) })} />
          <Group justify="flex-end"><Button onClick={onClose}>{t('common.done')}</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput label={t('fields.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} required data-autofocus />
            <TextInput label={t('fields.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} required />
            <SimpleGrid cols={2} spacing="sm">
              <Select label={t('settings.users.role')} data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={role} onChange={(v) => v && setRole(v as Role)} allowDeselect={false} error={errors.role} />
              <Select label={t('user.language')} data={[{ value: 'de', label: 'Deutsch' }, { value: 'en', label: 'English' }]} value={language} onChange={(v) => v && setLanguage(v as Language)} allowDeselect={false} />
            </SimpleGrid>
            <Text fz="xs" c="dimmed">{t(`roles.hint.${role}`)}</Text>
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="submit" loading={invite.isPending}>{t('settings.users.sendInvite')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
