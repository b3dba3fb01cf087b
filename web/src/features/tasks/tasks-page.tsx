import { Badge, Box, Button, Center, EmptyState, Loader, Paper, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useTaskCounts, useTaskPages } from '../../api/tasks.ts';
import type { Task, TaskListQuery } from '../../api/types.ts';
import { IconChecklist, IconPlus } from '../../components/icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { TaskModal } from './task-modal.tsx';
import { TaskRow } from './task-row.tsx';

const VIEWS = {
  mine: { assignee: 'me', status: 'open' },
  overdue: { assignee: 'me', due: 'overdue' },
  today: { assignee: 'me', due: 'today', status: 'open' },
  week: { assignee: 'me', due: 'week', status: 'open' },
  done: { assignee: 'me', status: 'done' },
  all: { status: 'open' },
} as const satisfies Record<string, Omit<TaskListQuery, 'tz' | 'cursor'>>;
type View = keyof typeof VIEWS;

/** "My tasks": open, overdue, due today or this week, done, and everyone's open tasks. */
export function TasksPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const view: View = (sp.get('view') as View) in VIEWS ? (sp.get('view') as View) : 'mine';
  const tasks = useTaskPages({ ...VIEWS[view], limit: 100 });
  const counts = useTaskCounts();
  const [editing, setEditing] = useState<Task | 'new' | null>(null);

  const list = tasks.data?.pages.flatMap((p) => p.items) ?? [];
  const count = (n: number | undefined, color = 'gray') => (n ? <Badge size="xs" variant="light" color={color} circle={n < 10}>{n}</Badge> : null);

  return (
    <Box pb="xl" maw={1100}>
      <PageHeader
        title={t('nav.tasks')}
        subtitle={counts.data ? t('tasks.summary', { open: counts.data.open, overdue: counts.data.overdue }) : undefined}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="new-task">{t('tasks.new')}</Button>}
      />
      <Box px="lg">
        <Tabs value={view} onChange={(v) => setSp(v && v !== 'mine' ? { view: v } : {}, { replace: true })} mb="md">
          <Tabs.List>
            <Tabs.Tab value="mine" rightSection={count(counts.data?.open)}>{t('tasks.view.mine')}</Tabs.Tab>
            <Tabs.Tab value="overdue" rightSection={count(counts.data?.overdue, 'red')}>{t('tasks.view.overdue')}</Tabs.Tab>
            <Tabs.Tab value="today" rightSection={count(counts.data?.dueToday, 'orange')}>{t('tasks.view.today')}</Tabs.Tab>
            <Tabs.Tab value="week">{t('tasks.view.week')}</Tabs.Tab>
            <Tabs.Tab value="done">{t('tasks.view.done')}</Tabs.Tab>
            <Tabs.Tab value="all">{t('tasks.view.all')}</Tabs.Tab>
          </Tabs.List>
        </Tabs>
        <Paper withBorder shadow="xs">
          {tasks.isPending ? <Center p="xl"><Loader size="sm" /></Center> : tasks.isError ? <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} /> : list.length === 0 ? (
            <EmptyState py={50} icon={<IconChecklist size={26} />} variant="light" color="teal" title={t(`tasks.empty.${view}`)} description={t('tasks.emptyText')} />
          ) : (
            <div>
              {list.map((task) => <TaskRow key={task.id} task={task} onEdit={setEditing} />)}
              {tasks.hasNextPage && (
                <Center p="sm"><Button variant="subtle" size="xs" onClick={() => void tasks.fetchNextPage()} loading={tasks.isFetchingNextPage}>{t('common.loadMore')}</Button></Center>
              )}
            </div>
          )}
        </Paper>
        <Text fz="xs" c="dimmed" mt="sm">{t('tasks.tzNote', { tz: Intl.DateTimeFormat().resolvedOptions().timeZone })}</Text>
      </Box>
      {editing && <TaskModal task={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </Box>
  );
}
