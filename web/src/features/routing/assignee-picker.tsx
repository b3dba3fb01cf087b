import { Avatar, Badge, Button, Menu, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../api/inbox.ts';
import { useAgents, useAssignConversation, useTeamRouting } from '../../api/routing.ts';
import { useSession } from '../../api/session.tsx';
import { colorFor, initials } from '../../components/format.ts';
import { IconChevronDown, IconTeam, IconUser } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';

const PRESENCE_COLOR = { online: 'teal', away: 'yellow', offline: 'gray' } as const;

/** The thread header's assignee: who works the conversation and in which team; assign to me, a colleague or a team. */
export function AssigneePicker({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const { can, session } = useSession();
  const mayAssign = can('inbox:assign');
  const agents = useAgents(mayAssign && can('routing:read'));
  const teams = useTeamRouting(mayAssign && can('routing:read'));
  const assign = useAssignConversation(c.id);
  const team = teams.data?.find((x) => x.teamId === c.teamId);
  const me = session.user.id;
  // Agents hand a conversation only to their team-mates (the server refuses the rest); managers to anyone.
  const myTeams = new Set(agents.data?.find((a) => a.userId === me)?.teamIds ?? []);
  const colleagues = (agents.data ?? []).filter((a) => a.userId !== me && (session.user.role !== 'agent' || a.teamIds.some((id) => myTeams.has(id))));

  const run = async (to: { userId?: string | null; teamId?: string | null }, done: string) => {
    try {
      const after = await assign.mutateAsync(to);
      notify({ kind: 'success', message: after.assignee ? t('routing.assign.assignedTo', { name: after.assignee.name }) : done });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  const label = c.assignee ? c.assignee.name : t('routing.assign.unassigned');
  const button = (
    <Button size="xs" variant="default" loading={assign.isPending} data-testid="assignee-button" aria-label={t('routing.assign.label', { name: label })}
      leftSection={c.assignee ? <Avatar size={18} radius="xl" color={colorFor(c.assignee.name)}>{initials(c.assignee.name)}</Avatar> : <IconUser size={14} />}
      rightSection={mayAssign ? <IconChevronDown size={12} /> : undefined}>
      <Text fz="xs" span>{label}</Text>
      {team && <Badge ml={6} size="xs" variant="light" leftSection={<IconTeam size={10} />} style={{ textTransform: 'none' }}>{team.name}</Badge>}
    </Button>
  );
  // Who may not assign (experts) only sees who works it.
  if (!mayAssign) {
    return (
      <Badge size="sm" variant="light" color="gray" radius="sm" style={{ textTransform: 'none' }} leftSection={<IconUser size={12} />} data-testid="assignee-badge">
        {label}{team ? ` · ${team.name}` : ''}
      </Badge>
    );
  }
  return (
    <Menu position="bottom-end" width={260} withinPortal>
      <Menu.Target>{button}</Menu.Target>
      <Menu.Dropdown data-testid="assignee-menu">
        {c.assignee?.id !== me && <Menu.Item leftSection={<IconUser size={14} />} onClick={() => void run({ userId: me }, '')}>{t('routing.assign.toMe')}</Menu.Item>}
        {colleagues.length > 0 && <Menu.Label>{t('routing.assign.colleagues')}</Menu.Label>}
        {colleagues.map((a) => (
          <Menu.Item key={a.userId} disabled={a.userId === c.assignee?.id} onClick={() => void run({ userId: a.userId }, '')}
            leftSection={<Badge size="xs" variant="dot" color={PRESENCE_COLOR[a.presence]} p={0} style={{ border: 0 }} aria-label={t(`routing.presence.${a.presence}`)} />}
            rightSection={<Text fz="xs" c="dimmed">{a.load}/{a.capacity}</Text>}>
            {a.name}
          </Menu.Item>
        ))}
        {(teams.data ?? []).length > 0 && <Menu.Label>{t('routing.assign.teams')}</Menu.Label>}
        {(teams.data ?? []).map((tm) => (
          <Menu.Item key={tm.teamId} leftSection={<IconTeam size={14} />} onClick={() => void run({ teamId: tm.teamId }, t('routing.assign.queued', { team: tm.name }))}>
            {tm.name}
          </Menu.Item>
        ))}
        {c.assignee && (
          <>
            <Menu.Divider />
            <Menu.Item color="red" onClick={() => void run({ userId: null }, t('routing.assign.unassignedDone'))}>{t('routing.assign.unassign')}</Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
