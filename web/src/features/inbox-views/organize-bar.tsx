import { Box, Button, Group, Menu, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isMissingRoute } from '../../api/client.ts';
import { useUpdateConversation, type ConversationDetail, type ConversationPatch } from '../../api/inbox.ts';
import { useCustomStatuses, useSnooze } from '../../api/inbox-views.ts';
import { useSession } from '../../api/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { IconChevronDown, IconClock, IconPlus } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { LabelChips, useCustomStatusName } from './chips.tsx';
import { LabelMenu } from './label-menu.tsx';
import { SnoozeMenu } from './snooze-menu.tsx';

const BASE = ['open', 'pending', 'waiting_customer', 'waiting_expert', 'resolved', 'closed'] as const;

/**
 * The thread's organizing line: the status menu (the six base statuses, each with the workspace's custom statuses
 * under it), labels and #hashtags as chips, and snooze ("Snoozed until …").
 */
export function OrganizeBar({ conversation: c }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const statuses = useCustomStatuses(can('inbox:read'));
  const statusName = useCustomStatusName();
  const update = useUpdateConversation(c.id);
  const snooze = useSnooze(c.id);
  const [labelOpen, setLabelOpen] = useState(false);
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const may = can('inbox:update');
  const patch = (p: ConversationPatch, message?: string) => update.mutate(p, {
    onSuccess: () => { if (message) notify({ kind: 'success', message }); },
    onError: (err) => notify({ kind: 'error', message: isMissingRoute(err) ? t('inbox.notAvailable') : errorMessage(err, t) }),
  });
  const doSnooze = (until: Date | null) => snooze.mutate(until, {
    onSuccess: () => notify({ kind: 'success', message: until ? t('organize.snooze.done', { until: formatDateTime(until.toISOString()) }) : t('organize.snooze.woken') }),
    onError: (err) => notify({ kind: 'error', message: errorMessage(err, t) }),
  });
  const custom = statuses.data?.find((s) => s.id === c.customStatusId);
  const current = custom ? statusName(custom) : t(`inbox.status.${c.status}`, { defaultValue: c.status });

  return (
    <Box mt={8} data-testid="organize-bar">
      <Group gap={6} wrap="wrap" align="center">
        {may && (
          <Menu position="bottom-start" withinPortal>
            <Menu.Target>
              <Button size="compact-xs" variant="light" color={custom?.color ?? 'gray'} rightSection={<IconChevronDown size={12} />} data-testid="status-menu">{current}</Button>
            </Menu.Target>
            <Menu.Dropdown data-testid="status-menu-dropdown">
              {BASE.map((b) => (
                <Box key={b}>
                  <Menu.Item fw={c.status === b && !custom ? 700 : 400} onClick={() => patch({ status: b, customStatusId: null }, t('inbox.thread.statusChanged', { status: t(`inbox.status.${b}`) }))} data-testid={`status-option-${b}`}>
                    {t(`inbox.status.${b}`)}
                  </Menu.Item>
                  {(statuses.data ?? []).filter((s) => s.baseStatus === b).map((s) => (
                    <Menu.Item key={s.id} pl={28} fz="sm" fw={c.customStatusId === s.id ? 700 : 400} onClick={() => patch({ customStatusId: s.id }, t('inbox.thread.statusChanged', { status: statusName(s) }))}
                      leftSection={<Box w={8} h={8} style={{ borderRadius: 8, background: `var(--mantine-color-${s.color}-6)` }} />} data-testid="status-option-custom">
                      {statusName(s)}
                    </Menu.Item>
                  ))}
                </Box>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
        <LabelChips labels={c.labels} hashtags={c.hashtags} size="sm" onRemove={may ? (l) => patch({ removeLabels: [l] }) : undefined} />
        {may && (
          <LabelMenu opened={labelOpen} onChange={setLabelOpen} current={c.labels} onAdd={(l) => patch({ addLabels: [l] })} onRemove={(l) => patch({ removeLabels: [l] })}
            target={<Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconPlus size={12} />} onClick={() => setLabelOpen(!labelOpen)} data-testid="thread-add-label">{t('organize.labels.addShort')}</Button>} />
        )}
        {may && !c.snoozedUntil && (
          <SnoozeMenu opened={snoozeOpen} onChange={setSnoozeOpen} onSnooze={doSnooze}
            target={<Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconClock size={12} />} onClick={() => setSnoozeOpen(!snoozeOpen)} data-testid="thread-snooze">{t('organize.snooze.action')}</Button>} />
        )}
      </Group>
      {c.snoozedUntil && (
        <Group gap={6} mt={6} data-testid="snoozed-until">
          <IconClock size={14} color="var(--mantine-color-violet-6)" />
          <Text fz="xs" c="violet.8">{t('organize.snooze.snoozedUntil', { until: formatDateTime(c.snoozedUntil) })}</Text>
          {may && <Button size="compact-xs" variant="subtle" onClick={() => doSnooze(null)} data-testid="thread-unsnooze">{t('organize.snooze.wake')}</Button>}
        </Group>
      )}
    </Box>
  );
}
