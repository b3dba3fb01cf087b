import { Badge, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Table, TagsInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAgents, useRoutingSettingsMutations, useTeamRouting, type AgentProfile, type AgentProfilePatch, type TeamRouting, type TeamRoutingPatch } from '../../api/routing.ts';
import { IconTeam, IconUsers } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { SettingsSection } from '../settings/section.tsx';

const PRESENCE_COLOR = { online: 'teal', away: 'yellow', offline: 'gray' } as const;

/** Settings → Agents: each agent's capacity, skills and languages, and each team's assignment policy. */
export function AgentsSettings() {
  const { t } = useTranslation();
  const agents = useAgents();
  const teams = useTeamRouting();
  const m = useRoutingSettingsMutations();

  const saveAgent = async (userId: string, patch: AgentProfilePatch) => {
    try {
      await m.agent.mutateAsync({ userId, patch });
      notify({ kind: 'success', message: t('settings.saved') });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  const saveTeam = async (teamId: string, patch: TeamRoutingPatch) => {
    try {
      await m.team.mutateAsync({ teamId, patch });
      notify({ kind: 'success', message: t('settings.saved') });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Stack gap="lg">
      <SettingsSection title={t('routing.teams.title')} description={t('routing.teams.description')}>
        {teams.isError ? <QueryError error={teams.error} /> : teams.isSuccess && teams.data.length === 0 ? (
          <Stack align="center" py="lg" c="dimmed" gap={6}><IconTeam size={28} /><Text fz="sm">{t('routing.teams.empty')}</Text></Stack>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {(teams.data ?? []).map((team) => <TeamPolicy key={team.teamId} team={team} onSave={(p) => void saveTeam(team.teamId, p)} />)}
          </SimpleGrid>
        )}
      </SettingsSection>
      <SettingsSection title={t('routing.agents.title')} description={t('routing.agents.description')}>
        {agents.isError ? <QueryError error={agents.error} /> : agents.isSuccess && agents.data.length === 0 ? (
          <Stack align="center" py="lg" c="dimmed" gap={6}><IconUsers size={28} /><Text fz="sm">{t('routing.agents.empty')}</Text></Stack>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" data-testid="agents-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('routing.agents.agent')}</Table.Th>
                  <Table.Th w={110}>{t('routing.agents.capacity')}</Table.Th>
                  <Table.Th>{t('routing.agents.skills')}</Table.Th>
                  <Table.Th w={170}>{t('routing.agents.languages')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(agents.data ?? []).map((a) => <AgentRow key={a.userId} agent={a} onSave={(p) => void saveAgent(a.userId, p)} />)}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </SettingsSection>
    </Stack>
  );
}

function TeamPolicy({ team, onSave }: { team: TeamRouting; onSave: (p: TeamRoutingPatch) => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" data-testid="team-policy">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{team.name}</Text>
        <Text fz="xs" c="dimmed">{t('routing.teams.members', { count: team.members.length })}</Text>
      </Group>
      <Select label={t('routing.teams.policy')} allowDeselect={false} value={team.policy} data-testid="team-policy-select"
        data={(['manual', 'round_robin', 'least_load'] as const).map((p) => ({ value: p, label: t(`routing.policy.${p}`) }))}
        onChange={(policy) => policy && onSave({ policy: policy as TeamRouting['policy'] })} />
      <Text fz="xs" c="dimmed" mt={4}>{t(`routing.policyHint.${team.policy}`)}</Text>
      <Switch mt="sm" label={t('routing.teams.respectSkills')} description={t('routing.teams.respectSkillsHint')} checked={team.respectSkills}
        onChange={(e) => onSave({ respectSkills: e.currentTarget.checked })} />
    </Paper>
  );
}

function AgentRow({ agent: a, onSave }: { agent: AgentProfile; onSave: (p: AgentProfilePatch) => void }) {
  const { t } = useTranslation();
  return (
    <Table.Tr data-testid="agent-row">
      <Table.Td>
        <Group gap={8} wrap="nowrap">
          <Badge size="xs" variant="dot" color={PRESENCE_COLOR[a.presence]}>{t(`routing.presence.${a.presence}`)}</Badge>
          <div>
            <Text fz="sm" fw={600}>{a.name}</Text>
            <Text fz="xs" c="dimmed">{t('routing.agents.load', { load: a.load, capacity: a.capacity })}</Text>
          </div>
        </Group>
      </Table.Td>
      <Table.Td>
        <NumberInput size="xs" min={0} max={1000} defaultValue={a.capacity} aria-label={t('routing.agents.capacityOf', { name: a.name })}
          onBlur={(e) => { const v = Number(e.currentTarget.value); if (Number.isInteger(v) && v !== a.capacity) onSave({ capacity: v }); }} />
      </Table.Td>
      <Table.Td>
        <TagsInput size="xs" value={a.skills} aria-label={t('routing.agents.skillsOf', { name: a.name })} placeholder={t('routing.agents.skillsHint')} onChange={(skills) => onSave({ skills })} />
      </Table.Td>
      <Table.Td>
        <TagsInput size="xs" data={['de', 'en']} value={a.languages} aria-label={t('routing.agents.languagesOf', { name: a.name })} placeholder={t('routing.agents.anyLanguage')} onChange={(languages) => onSave({ languages })} />
      </Table.Td>
    </Table.Tr>
  );
}
