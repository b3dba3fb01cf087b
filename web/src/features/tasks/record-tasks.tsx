import { Button, Center, Group, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTaskPages } from '../../api/tasks.ts';
import type { Task, TaskStatus } from '../../api/types.ts';
import { IconChecklist, IconPlus } from '../../components/icons.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { TaskModal } from './task-modal.tsx';
import { TaskRow } from './task-row.tsx';

/** The tasks of a person or company, with "new task". */
export function RecordTasks({ recordType, recordId }: { recordType: 'contact' | 'company'; recordId: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<TaskStatus>('open');
  const tasks = useTaskPages({ recordType, recordId, status, limit: 100 });
  const [editing, setEditing] = useState<Task | 'new' | null>(null);
  const list = tasks.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <SegmentedControl size="xs" value={status} onChange={(v) => setStatus(v as TaskStatus)} data={[{ value: 'open', label: t('tasks.open') }, { value: 'done', label: t('tasks.done') }]} />
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')} data-testid="new-task">{t('tasks.new')}</Button>
      </Group>
      {tasks.isPending ? <Center p="lg"><Loader size="sm" /></Center> : tasks.isError ? <QueryError error={tasks.error} /> : list.length === 0 ? (
        <Stack align="center" gap={6} py="lg" c="dimmed">
          <IconChecklist size={28} />
          <Text fz="sm">{status === 'open' ? t('tasks.noneOpen') : t('tasks.noneDone')}</Text>
        </Stack>
      ) : (
        <div>{list.map((task) => <TaskRow key={task.id} task={task} showRecord={false} onEdit={setEditing} />)}</div>
      )}
      {editing && <TaskModal task={editing === 'new' ? undefined : editing} record={{ type: recordType, id: recordId }} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
