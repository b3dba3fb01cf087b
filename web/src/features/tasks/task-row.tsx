import { ActionIcon, Anchor, Avatar, Badge, Box, Checkbox, Group, Menu, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCompany, useContact } from '../../api/contacts.ts';
import { useDeleteTask, useUpdateTask } from '../../api/tasks.ts';
import type { Task } from '../../api/types.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { colorFor, formatDateTime, initials } from '../../components/format.ts';
import { IconBuilding, IconCalendar, IconDots, IconPencil, IconTrash, IconUser } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';

function dueState(task: Task): 'overdue' | 'today' | 'later' | null {
  if (!task.dueAt) return null;
  const due = new Date(task.dueAt);
  const now = new Date();
  if (task.status === 'open' && due < now) return 'overdue';
  if (due.toDateString() === now.toDateString()) return 'today';
  return 'later';
}

function RecordLink({ record }: { record: NonNullable<Task['record']> }) {
  const isContact = record.type === 'contact';
  const contact = useContact(isContact ? record.id : undefined);
  const company = useCompany(record.type === 'company' ? record.id : undefined);
  const name = isContact ? contact.data?.displayName : company.data?.name;
  if (record.type !== 'contact' && record.type !== 'company') return null;
  return (
    <Anchor component={Link} to={isContact ? `/people/${record.id}` : `/companies/${record.id}`} fz="xs" c="dimmed" onClick={(e) => e.stopPropagation()}>
      <Group gap={4} wrap="nowrap">{isContact ? <IconUser size={12} /> : <IconBuilding size={12} />}{name ?? '…'}</Group>
    </Anchor>
  );
}

/** One task: a checkbox to complete it, title, due date, linked record, assignee, and a menu. */
export function TaskRow({ task, showRecord = true, onEdit }: { task: Task; showRecord?: boolean; onEdit: (t: Task) => void }) {
  const { t } = useTranslation();
  const update = useUpdateTask();
  const remove = useDeleteTask();
  const state = dueState(task);
  const done = task.status === 'done';

  const toggle = async () => {
    try {
      await update.mutateAsync({ id: task.id, patch: { status: done ? 'open' : 'done' } });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  const del = async () => {
    if (!(await confirmAction({ title: t('tasks.deleteTitle'), message: t('tasks.deleteText', { title: task.title }), confirmLabel: t('common.delete'), danger: true }))) return;
    try {
      await remove.mutateAsync(task.id);
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Group gap="sm" wrap="nowrap" py={10} px="sm" align="flex-start" style={{ borderBottom: '1px solid #f0f1f5' }} data-testid="task-row">
      <Checkbox mt={2} checked={done} onChange={() => void toggle()} aria-label={done ? t('tasks.reopen') : t('tasks.markDone')} radius="xl" color="teal" disabled={update.isPending} />
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Text fz="sm" fw={500} td={done ? 'line-through' : undefined} c={done ? 'dimmed' : undefined} style={{ cursor: 'pointer' }} onClick={() => onEdit(task)}>{task.title}</Text>
        {task.description && <Text fz="xs" c="dimmed" lineClamp={1}>{task.description}</Text>}
        <Group gap="md" mt={4}>
          {task.dueAt && (
            <Tooltip label={formatDateTime(task.dueAt)}>
              <Badge size="sm" variant="light" color={state === 'overdue' ? 'red' : state === 'today' ? 'orange' : 'gray'} leftSection={<IconCalendar size={11} />} style={{ textTransform: 'none' }}>
                {state === 'overdue' ? t('tasks.overdueSince', { date: formatDateTime(task.dueAt) }) : formatDateTime(task.dueAt)}
              </Badge>
            </Tooltip>
          )}
          {showRecord && task.record && <RecordLink record={task.record} />}
        </Group>
      </Box>
      {task.assignee && (
        <Tooltip label={task.assignee.name}>
          <Avatar size={26} radius="xl" color={colorFor(task.assignee.name)}>{initials(task.assignee.name)}</Avatar>
        </Tooltip>
      )}
      <Menu position="bottom-end">
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onEdit(task)}>{t('common.edit')}</Menu.Item>
          <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={() => void del()}>{t('common.delete')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
