import { Box, Divider, Group, Menu, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PRESENCE_STATUSES } from '@parley/contracts/realtime';
import { usePresence, useRealtimeConnected, useSetPresence, type PresenceStatus } from '../../api/realtime.ts';
import { useSession } from '../../api/session.tsx';
import { IconCheck } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { PresenceDot } from './presence-dot.tsx';

/** The header's presence switch (online, away, appear offline) with the team's presence below it. */
export function PresenceMenu() {
  const { t } = useTranslation();
  const { session } = useSession();
  const presence = usePresence();
  const set = useSetPresence();
  const live = useRealtimeConnected();
  const me = presence.data?.find((p) => p.userId === session.user.id);
  const mine: PresenceStatus = me?.chosen ?? me?.status ?? 'online';
  const others = (presence.data ?? []).filter((p) => p.userId !== session.user.id);
  const order: Record<PresenceStatus, number> = { online: 0, away: 1, offline: 2 };
  const choose = (status: PresenceStatus) => {
    set.mutateAsync(status).catch((err: unknown) => notify({ kind: 'error', message: errorMessage(err, t) }));
  };
  return (
    <Menu position="bottom-end" width={260} withinPortal closeOnItemClick>
      <Menu.Target>
        <UnstyledButton aria-label={t('realtime.menu', { status: t(`realtime.status.${mine}`) })} data-testid="presence-menu" data-status={mine}
          style={{ borderRadius: 'var(--mantine-radius-md)', padding: '6px 8px', border: '1px solid var(--parley-border)' }}>
          <Group gap={6} wrap="nowrap">
            <PresenceDot status={mine} />
            <Text fz="sm" fw={500} visibleFrom="md">{t(`realtime.status.${mine}`)}</Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('realtime.myStatus')}</Menu.Label>
        {PRESENCE_STATUSES.map((s) => (
          <Menu.Item key={s} leftSection={<PresenceDot status={s} />} rightSection={mine === s ? <IconCheck size={14} /> : null}
            onClick={() => choose(s)} data-testid={`presence-set-${s}`} fw={mine === s ? 600 : 400}>
            <Box>
              <Text fz="sm">{t(`realtime.status.${s}`)}</Text>
              <Text fz="xs" c="dimmed">{t(`realtime.statusHint.${s}`)}</Text>
            </Box>
          </Menu.Item>
        ))}
        <Divider my={4} />
        <Menu.Label>{t('realtime.team')}</Menu.Label>
        {others.length === 0 ? (
          <Text fz="xs" c="dimmed" px="sm" pb="xs">{t('realtime.teamEmpty')}</Text>
        ) : (
          <ScrollArea.Autosize mah={260}>
            <Stack gap={2} px="sm" pb="xs" data-testid="presence-team">
              {[...others].sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name)).map((p) => (
                <Group key={p.userId} gap={8} wrap="nowrap" data-testid="presence-member" data-user={p.userId} data-status={p.status}>
                  <PresenceDot status={p.status} />
                  <Text fz="sm" truncate style={{ flex: 1 }}>{p.name}</Text>
                  <Text fz="xs" c="dimmed">{t(`realtime.status.${p.status}`)}</Text>
                </Group>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
        {!live && <Text fz="xs" c="orange.8" px="sm" pb="xs" data-testid="realtime-offline">{t('realtime.reconnecting')}</Text>}
      </Menu.Dropdown>
    </Menu>
  );
}
