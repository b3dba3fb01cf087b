import { ActionIcon, Button, Group, Menu, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBulkAction, type BulkAction } from '../../api/inbox-views.ts';
import { useSession } from '../../api/session.tsx';
import { IconCheck, IconClock, IconTag, IconUser, IconX } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { LabelMenu } from './label-menu.tsx';
import { SnoozeMenu } from './snooze-menu.tsx';

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

/** Runs one action on the selected conversations and says how many changed (and why others did not). */
export function useRunBulk(onDone: () => void) {
  const { t } = useTranslation();
  const bulk = useBulkAction();
  return {
    pending: bulk.isPending,
    run: (ids: string[], action: BulkAction) => bulk.mutate({ ids, action }, {
      onSuccess: (r) => {
        const firstError = r.results.find((x) => !x.ok)?.error;
        notify(r.failed === 0
          ? { kind: 'success', message: t('organize.bulk.done', { count: r.ok }) }
          : { kind: 'error', message: t('organize.bulk.partly', { ok: r.ok, failed: r.failed, reason: firstError?.message ?? '' }) });
        onDone();
      },
      onError: (err) => notify({ kind: 'error', message: errorMessage(err, t) }),
    }),
  };
}

/** The actions on the selected conversations: resolve, priority, labels, snooze, assign to oneself; and clear the selection. */
export function BulkBar({ ids, onClear, snoozeOpen, setSnoozeOpen, labelOpen, setLabelOpen }: {
  ids: string[]; onClear: () => void; snoozeOpen: boolean; setSnoozeOpen: (o: boolean) => void; labelOpen: boolean; setLabelOpen: (o: boolean) => void;
}) {
  const { t } = useTranslation();
  const { session, can } = useSession();
  const { run, pending } = useRunBulk(onClear);
  return (
    <Group gap={6} px="md" py={6} wrap="wrap" style={{ borderBottom: '1px solid var(--parley-border)', background: 'var(--mantine-color-brand-0)' }} data-testid="bulk-bar" role="toolbar" aria-label={t('organize.bulk.label')}>
      <Text fz="xs" fw={600} mr={4} data-testid="bulk-count">{t('organize.bulk.selected', { count: ids.length })}</Text>
      <Button size="compact-xs" color="teal" leftSection={<IconCheck size={12} />} loading={pending} onClick={() => run(ids, { type: 'status', status: 'resolved' })} data-testid="bulk-resolve">{t('inbox.thread.resolve')}</Button>
      <Menu withinPortal>
        <Menu.Target><Button size="compact-xs" variant="default">{t('organize.filter.priority')}</Button></Menu.Target>
        <Menu.Dropdown>
          {PRIORITIES.map((p) => <Menu.Item key={p} onClick={() => run(ids, { type: 'priority', priority: p })} data-testid={`bulk-priority-${p}`}>{t(`organize.priority.${p}`)}</Menu.Item>)}
        </Menu.Dropdown>
      </Menu>
      <LabelMenu opened={labelOpen} onChange={setLabelOpen} current={[]} onAdd={(l) => run(ids, { type: 'labels', add: [l], remove: [] })} onRemove={(l) => run(ids, { type: 'labels', add: [], remove: [l] })} bulk
        target={<Button size="compact-xs" variant="default" leftSection={<IconTag size={12} />} onClick={() => setLabelOpen(!labelOpen)} data-testid="bulk-label">{t('organize.labels.title')}</Button>} />
      <SnoozeMenu opened={snoozeOpen} onChange={setSnoozeOpen} onSnooze={(until) => run(ids, { type: 'snooze', until: until.toISOString() })}
        target={<Button size="compact-xs" variant="default" leftSection={<IconClock size={12} />} onClick={() => setSnoozeOpen(!snoozeOpen)} data-testid="bulk-snooze">{t('organize.snooze.action')}</Button>} />
      {can('inbox:assign') && (
        <Button size="compact-xs" variant="default" leftSection={<IconUser size={12} />} onClick={() => run(ids, { type: 'assign', userId: session.user.id })} data-testid="bulk-assign-me">{t('organize.bulk.assignMe')}</Button>
      )}
      <Tooltip label={t('organize.bulk.clear')}>
        <ActionIcon size="sm" variant="subtle" color="gray" onClick={onClear} aria-label={t('organize.bulk.clear')} data-testid="bulk-clear"><IconX size={12} /></ActionIcon>
      </Tooltip>
    </Group>
  );
}
