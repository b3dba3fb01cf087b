import { Button, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { EXPERT_LIMITS } from '@parley/contracts/experts';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors, isMissingRoute } from '../../api/client.ts';
import { useConsultSettings, useCreateConversationTask, useRequestConsult, useTaskDraft } from '../../api/experts.ts';
import { useTeams } from '../../api/settings.ts';
import { useSession } from '../../api/session.tsx';
import { useUsers } from '../../api/users.ts';
import { IconChecklist, IconUser } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';

// The thread header's expert actions: "Ask an expert" (agents) and "Create task" (agents and experts).

/** The buttons beside the status actions. */
export function ExpertActions({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [ask, setAsk] = useState(false);
  const [task, setTask] = useState(false);
  return (
    <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
      {can('experts:consult') && (
        <Button size="xs" variant="light" color="orange" leftSection={<IconUser size={14} />} onClick={() => setAsk(true)} data-testid="ask-expert">
          {t('experts.ask.button')}
        </Button>
      )}
      {can('tasks:write') && (can('inbox:read') || can('inbox:consulted')) && (
        <Button size="xs" variant="default" leftSection={<IconChecklist size={14} />} onClick={() => setTask(true)} data-testid="create-task">
          {t('experts.task.button')}
        </Button>
      )}
      <Modal opened={ask} onClose={() => setAsk(false)} title={t('experts.ask.title')} size="md">
        {ask && <AskExpertForm conversationId={conversationId} onDone={() => setAsk(false)} />}
      </Modal>
      <Modal opened={task} onClose={() => setTask(false)} title={t('experts.task.title')} size="md">
        {task && <TaskForm conversationId={conversationId} onDone={() => setTask(false)} />}
      </Modal>
    </Group>
  );
}

function AskExpertForm({ conversationId, onDone }: { conversationId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { users } = useUsers();
  const teams = useTeams();
  const settings = useConsultSettings();
  const request = useRequestConsult(conversationId);
  const [to, setTo] = useState<'user' | 'team'>('user');
  const [who, setWho] = useState<string | null>(null);
  const [question, setQuestion] = useState('');
  const [ola, setOla] = useState<number | string>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => { if (ola === '' && settings.data) setOla(settings.data.defaultOlaMinutes); }, [settings.data, ola]);
  // Experts first: they are who an agent usually asks; anyone else can be asked too.
  const userOptions = useMemo(() => [...users].sort((a, b) => Number(b.role === 'expert') - Number(a.role === 'expert') || a.name.localeCompare(b.name))
    .map((u) => ({ value: u.id, label: u.role ? `${u.name} · ${t(`experts.role.${u.role}`, { defaultValue: u.role })}` : u.name })), [users, t]);
  const teamOptions = (teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!who) { setErrors({ who: t('experts.ask.pickSomeone') }); return; }
    try {
      await request.mutateAsync({
        ...(to === 'user' ? { expertUserId: who } : { expertTeamId: who }), question: question.trim(),
        ...(typeof ola === 'number' ? { olaMinutes: ola } : {}),
      });
      notify({ kind: 'success', message: t('experts.ask.sent') });
      onDone();
    } catch (err) {
      const f = fieldErrors(err);
      if (Object.keys(f).length) setErrors(f);
      else notify({ kind: 'error', message: isMissingRoute(err) ? t('experts.notAvailable') : errorMessage(err, t) });
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="sm">
        <SegmentedControl value={to} onChange={(v) => { setTo(v as 'user' | 'team'); setWho(null); }} aria-label={t('experts.ask.whom')}
          data={[{ value: 'user', label: t('experts.ask.anExpert') }, { value: 'team', label: t('experts.ask.aTeam') }]} data-testid="ask-kind" />
        <Select
          label={to === 'user' ? t('experts.ask.expert') : t('experts.ask.team')}
          placeholder={t('experts.ask.search')}
          data={to === 'user' ? userOptions : teamOptions}
          value={who} onChange={setWho} searchable required
          nothingFoundMessage={to === 'team' ? t('experts.ask.noTeams') : t('experts.ask.nobody')}
          error={errors.who ?? errors.expertUserId ?? errors.expertTeamId}
          data-testid="ask-who" comboboxProps={{ withinPortal: true }}
        />
        <Textarea label={t('experts.ask.question')} placeholder={t('experts.ask.questionPlaceholder')} value={question} onChange={(e) => setQuestion(e.currentTarget.value)}
          required autosize minRows={3} maxLength={EXPERT_LIMITS.question} error={errors.question} data-testid="ask-question" />
        <NumberInput label={t('experts.ask.ola')} description={t('experts.ask.olaHint')} value={ola} onChange={setOla}
          min={EXPERT_LIMITS.olaMinutesMin} max={EXPERT_LIMITS.olaMinutesMax} step={15} error={errors.olaMinutes} data-testid="ask-ola" />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>{t('common.cancel')}</Button>
          <Button type="submit" color="orange" loading={request.isPending} disabled={!question.trim()} data-testid="ask-submit">{t('experts.ask.submit')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

// The due date input takes the browser's local date and time ("2026-12-07T09:00").
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function TaskForm({ conversationId, onDone }: { conversationId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const { users } = useUsers();
  const draft = useTaskDraft(conversationId, true);
  const create = useCreateConversationTask(conversationId);
  const [title, setTitle] = useState(t('experts.task.defaultTitle'));
  const [description, setDescription] = useState<string | null>(null);
  const [due, setDue] = useState(() => { const d = new Date(Date.now() + 86_400_000); d.setHours(9, 0, 0, 0); return localInput(d); });
  const [assignee, setAssignee] = useState<string | null>(session.user.id);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const text = description ?? draft.data?.description ?? '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await create.mutateAsync({ title: title.trim(), description: text.trim() || undefined, dueAt: due ? new Date(due).toISOString() : null, assigneeId: assignee });
      notify({ kind: 'success', message: draft.data?.contactName ? t('experts.task.createdFor', { name: draft.data.contactName }) : t('experts.task.created') });
      onDone();
    } catch (err) {
      const f = fieldErrors(err);
      if (Object.keys(f).length) setErrors(f);
      else notify({ kind: 'error', message: isMissingRoute(err) ? t('experts.notAvailable') : errorMessage(err, t) });
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="sm">
        <TextInput label={t('experts.task.name')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required maxLength={300} error={errors.title} data-testid="task-title" data-autofocus />
        <TextInput type="datetime-local" label={t('experts.task.due')} value={due} onChange={(e) => setDue(e.currentTarget.value)} error={errors.dueAt} data-testid="task-due" />
        <Select label={t('experts.task.assignee')} data={users.map((u) => ({ value: u.id, label: u.name }))} value={assignee} onChange={setAssignee} searchable clearable
          error={errors.assigneeId} data-testid="task-assignee" comboboxProps={{ withinPortal: true }} />
        <Textarea label={t('experts.task.description')} description={draft.data?.contactName ? t('experts.task.linkedTo', { name: draft.data.contactName }) : t('experts.task.noContact')}
          value={text} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={4} maxLength={10_000} error={errors.description} data-testid="task-description" />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending} disabled={!title.trim()} data-testid="task-submit">{t('experts.task.submit')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
