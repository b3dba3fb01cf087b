import { ActionIcon, Avatar, Badge, Box, Button, Center, Group, Indicator, Loader, Popover, ScrollArea, SegmentedControl, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMarkRead, useNotificationPages, useUnreadNotificationCount, type Notification, type NotificationGroup } from '../../api/notifications.ts';
import { colorFor, formatRelative, initials } from '../../components/format.ts';

function BellIcon({ size = 20 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="M10 5a2 2 0 1 1 4 0 7 7 0 0 1 4 6v3a4 4 0 0 0 2 3H4a4 4 0 0 0 2-3v-3a7 7 0 0 1 4-6" />
      <path d="M9 17v1a3 3 0 0 0 6 0v-1" />
    </svg>
  );
}

/** The bell in the header: unread count, and the notification centre (grouped; a click opens the exact place and marks it read). */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const count = useUnreadNotificationCount();
  const pages = useNotificationPages(filter === 'unread', opened);
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const unread = count.data?.count ?? 0;
  const groups = pages.data?.pages.flatMap((p) => p.groups) ?? [];

  const open = (g: NotificationGroup) => {
    const ids = g.items.filter((i) => !i.read).map((i) => i.id);
    if (ids.length) markRead.mutate({ ids });
    setOpened(false);
    void navigate(g.latest.link);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} shadow="md" trapFocus withinPortal>
      <Popover.Target>
        <Tooltip label={t('notifications.title')} disabled={opened}>
          <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={unread === 0} color="red" offset={4} data-testid="notification-count" data-count={unread}>
            <ActionIcon variant="subtle" color="gray" size="lg" onClick={() => setOpened((o) => !o)}
              aria-label={unread ? t('notifications.bellUnread', { count: unread }) : t('notifications.title')} data-testid="notification-bell">
              <BellIcon />
            </ActionIcon>
          </Indicator>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="notification-centre">
        <Group justify="space-between" px="md" py="sm" wrap="nowrap">
          <Text fw={650}>{t('notifications.title')}</Text>
          <Button size="compact-xs" variant="subtle" disabled={unread === 0} loading={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <Box px="md" pb="xs">
          <SegmentedControl size="xs" fullWidth value={filter} onChange={(v) => setFilter(v as 'all' | 'unread')}
            data={[{ value: 'all', label: t('notifications.filterAll') }, { value: 'unread', label: t('notifications.filterUnread') }]} />
        </Box>
        <ScrollArea.Autosize mah={420}>
          {pages.isLoading ? (
            <Center py="lg"><Loader size="sm" /></Center>
          ) : groups.length === 0 ? (
            <Text fz="sm" c="dimmed" px="md" py="lg" ta="center" data-testid="notifications-empty">
              {filter === 'unread' ? t('notifications.emptyUnread') : t('notifications.empty')}
            </Text>
          ) : (
            <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {groups.map((g) => <li key={`${g.groupKey}:${g.latest.id}`}><GroupRow group={g} onOpen={() => open(g)} /></li>)}
            </Stack>
          )}
          {pages.hasNextPage && (
            <Center py="xs">
              <Button size="compact-xs" variant="subtle" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>{t('notifications.more')}</Button>
            </Center>
          )}
        </ScrollArea.Autosize>
        <Box px="md" py={8} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => { setOpened(false); void navigate('/settings/notifications'); }}>
            {t('notifications.settingsLink')}
          </Button>
        </Box>
      </Popover.Dropdown>
    </Popover>
  );
}

/** What happened, in words: a follow notification says what changed (by its event), the others their kind. */
function what(t: TFunction, n: Notification): string {
  const kind = t(`notifications.kind.${n.kind}`);
  return n.kind === 'follow' && n.verb ? t(`notifications.followVerb.${n.verb.replace('.', '_')}`, { defaultValue: kind }) : kind;
}

function GroupRow({ group, onOpen }: { group: NotificationGroup; onOpen: () => void }) {
  const { t } = useTranslation();
  const n = group.latest;
  const actor = n.actor?.name || t('notifications.someone');
  return (
    <UnstyledButton onClick={onOpen} w="100%" px="md" py="sm" data-testid="notification" data-unread={group.unread > 0 || undefined}
      style={{ background: group.unread ? 'var(--mantine-color-blue-0)' : undefined, borderTop: '1px solid var(--mantine-color-gray-1)' }}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Avatar size={28} radius="xl" color={colorFor(actor)}>{initials(actor)}</Avatar>
        <Box style={{ minWidth: 0, flex: 1 }}>
          <Text fz="sm" lineClamp={2}>
            <b>{actor}</b> {what(t, n)}
            {group.count > 1 && <Badge ml={6} size="xs" variant="light">{t('notifications.moreCount', { count: group.count - 1 })}</Badge>}
          </Text>
          {n.excerpt && <Text fz="xs" c="dimmed" lineClamp={2}>{n.excerpt}</Text>}
          <Text fz="xs" c="dimmed">{formatRelative(n.createdAt)}</Text>
        </Box>
        {group.unread > 0 && <Box w={8} h={8} mt={6} style={{ borderRadius: 4, background: 'var(--mantine-color-blue-6)', flexShrink: 0 }} aria-label={t('notifications.unread')} />}
      </Group>
    </UnstyledButton>
  );
}
