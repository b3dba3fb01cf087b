import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import { useCreateTask, useUpdateTask } from '../../api/tasks.ts';
import type { Task, TaskInput, TaskPatch } from '../../api/types.ts';
import { useUsers } from '../../api/users.ts';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';

// <input type="datetime-local"> speaks local time without a zone; the API wants an ISO instant.
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function fromLocalInput(v: string): string | null {
  return v ? new Date(v).toISOString() : null;
}

/** Creates or edits a task; a new task can be linked to a person or company. */
export function TaskModal({ task, record, onClose }: { task?: Task; record?: { type: 'contact' | 'company'; id: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const { users } = useUsers();
  const create = useCreateTask();
  const update = useUpdateTask();
  const [title, setTitle] = useState(task?.title ?? '');
  const [description, setDescription] = useState(task?.description ?? '');
  const [due, setDue] = useState(toLocalInput(task?.dueAt ?? null));
  const [assigneeId, setAssigneeId] = useState<string | null>(task ? task.assignee?.id ?? null : session.user.id);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) {
      setErrors({ title: t('tasks.titleRequired') });
      return;
    }
    try {
      if (task) {
        const patch: TaskPatch = { title: title.trim(), description: description.trim() || null, dueAt: fromLocalInput(due), assigneeId };
        await update.mutateAsync({ id: task.id, patch });
      } else {
        const input: TaskInput = {
          title: title.trim(), description: description.trim() || undefined, dueAt: fromLocalInput(due), assigneeId,
          ...(record ? { recordType: record.type, recordId: record.id } : {}),
        };
        await create.mutateAsync(input);
      }
      notify({ kind: 'success', message: task ? t('tasks.saved') : t('tasks.created') });
      onClose();
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      if (!Object.keys(fe).length) notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };

  const options = users.map((u) => ({ value: u.id, label: u.id === session.user.id ? `${u.name} (${t('people.me')})` : u.name }));
  if (task?.assignee && !options.some((o) => o.value === task.assignee!.id)) options.push({ value: task.assignee.id, label: task.assignee.name });

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{task ? t('tasks.editTitle') : t('tasks.newTitle')}</Text>} size={520}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('tasks.field.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} data-autofocus required data-testid="task-title" />
          <Textarea label={t('tasks.field.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} maxRows={8} error={errors.description} />
          <SimpleGrid cols={2} spacing="sm">
            <TextInput type="datetime-local" label={t('tasks.field.due')} value={due} onChange={(e) => setDue(e.currentTarget.value)} error={errors.dueAt} />
            <Select label={t('tasks.field.assignee')} data={options} value={assigneeId} onChange={setAssigneeId} clearable placeholder={t('tasks.nobody')} error={errors.assigneeId} />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm" gap="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending || update.isPending} data-testid="task-save">{task ? t('common.save') : t('tasks.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
