import { ActionIcon, Avatar, Button, Group, Menu, Modal, MultiSelect, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useTeamMutations, useTeams } from '../../api/settings.ts';
import type { Team } from '../../api/types.ts';
import { useUsers } from '../../api/users.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { colorFor, initials } from '../../components/format.ts';
import { IconDots, IconPlus, IconTeam } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { SettingsSection } from './section.tsx';

/** Teams and their members. */
export function TeamsSettings() {
  const { t } = useTranslation();
  const teams = useTeams();
  const { remove } = useTeamMutations();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);

  const del = async (team: Team) => {
    if (!(await confirmAction({ title: t('settings.teams.deleteTitle'), message: t('settings.teams.deleteText', { name: team.name }), confirmLabel: t('common.delete'), danger: true }))) return;
    try {
      await remove.mutateAsync(team.id);
      notify({ kind: 'success', message: t('settings.teams.deleted', { name: team.name }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <SettingsSection
      title={t('settings.teams.title')}
      description={t('settings.teams.description')}
      actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('settings.teams.new')}</Button>}
    >
      {teams.isError ? <QueryError error={teams.error} /> : teams.data?.length === 0 ? (
        <Stack align="center" py="xl" c="dimmed" gap={6}><IconTeam size={28} /><Text fz="sm">{t('settings.teams.empty')}</Text></Stack>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {(teams.data ?? []).map((team) => (
            <Paper key={team.id} withBorder p="md" radius="md">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text fw={600}>{team.name}</Text>
                  {team.description && <Text fz="sm" c="dimmed" lineClamp={2}>{team.description}</Text>}
                </div>
                <Menu position="bottom-end">
                  <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon></Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => setEditing(team)}>{t('common.edit')}</Menu.Item>
                    <Menu.Item color="red" onClick={() => void del(team)}>{t('common.delete')}</Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Group>
              <Group mt="sm" gap="xs">
                <Avatar.Group spacing="sm">
                  {team.members.slice(0, 6).map((mb) => (
                    <Tooltip key={mb.id} label={mb.name}><Avatar size={28} radius="xl" color={colorFor(mb.name)}>{initials(mb.name)}</Avatar></Tooltip>
                  ))}
                  {team.members.length > 6 && <Avatar size={28} radius="xl">+{team.members.length - 6}</Avatar>}
                </Avatar.Group>
                <Text fz="xs" c="dimmed">{t('settings.teams.members', { count: team.members.length })}</Text>
              </Group>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      {editing && <TeamModal team={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </SettingsSection>
  );
}

function TeamModal({ team, onClose }: { team?: Team; onClose: () => void }) {
  const { t } = useTranslation();
  const { users } = useUsers();
  const m = useTeamMutations();
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const [members, setMembers] = useState<string[]>(team?.members.map((x) => x.id) ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      if (team) {
        await m.update.mutateAsync({ id: team.id, patch: { name: name.trim(), description: description.trim() || null } });
        await m.members.mutateAsync({ id: team.id, userIds: members });
      } else {
        await m.create.mutateAsync({ name: name.trim(), description: description.trim() || undefined, memberIds: members });
      }
      notify({ kind: 'success', message: t('settings.saved') });
      onClose();
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      if (!Object.keys(fe).length) notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{team ? t('settings.teams.editTitle') : t('settings.teams.new')}</Text>} size={520}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('fields.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} required data-autofocus />
          <Textarea label={t('fields.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} error={errors.description} />
          <MultiSelect label={t('settings.teams.memberLabel')} data={users.map((u) => ({ value: u.id, label: u.name }))} value={members} onChange={setMembers} searchable clearable />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={m.create.isPending || m.update.isPending || m.members.isPending}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
