import { Anchor, Badge, Box, Button, Center, Group, Loader, Stack, Text, ThemeIcon, Timeline, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useContact, useCustomFields, useTimeline, type RecordKind } from '../../api/contacts.ts';
import { useMerges, useUndoMerge, type MergeRecord } from '../../api/duplicates.ts';
import { useSession } from '../../api/session.tsx';
import type { TimelineEntry } from '../../api/types.ts';
import { useUsers } from '../../api/users.ts';
import { formatDateTime, formatRelative } from '../../components/format.ts';
import { IconBuilding, IconChecklist, IconHistory, IconLink, IconMerge, IconNote, IconPencil, IconPlus, IconTrash, IconUndo, IconUpload } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { LIFECYCLE_STAGES } from '../contacts/lifecycle.ts';
import { formatValue, listChanges, listDiff } from './describe-change.ts';
import { IdentityTimelineBody, IdentityTimelineTitle, isIdentityEntry } from '../identities/identity-timeline.tsx';

const STAGES = new Set<string>(LIFECYCLE_STAGES);

/** A record's history: every change, note, task and merge, newest first, rendered readably. */
export function RecordTimeline({ kind, id }: { kind: RecordKind; id: string }) {
  const { t } = useTranslation();
  const tl = useTimeline(kind, id);
  const merges = useMerges(id, kind === 'contact');
  if (tl.isPending) return <Center p="xl"><Loader size="sm" /></Center>;
  if (tl.isError) return <QueryError error={tl.error} onRetry={() => void tl.refetch()} />;
  const entries = tl.data.pages.flatMap((p) => p.items);
  if (!entries.length) return <Text c="dimmed" fz="sm" p="md">{t('timeline.empty')}</Text>;
  return (
    <Box data-testid="timeline">
      <Timeline bulletSize={28} lineWidth={2} color="gray" active={-1}>
        {entries.map((e) => <TimelineItem key={`${e.eventId}`} entry={e} kind={kind} recordId={id} merges={merges.data} />)}
      </Timeline>
      {tl.hasNextPage && (
        <Center mt="md">
          <Button variant="subtle" size="xs" onClick={() => void tl.fetchNextPage()} loading={tl.isFetchingNextPage}>{t('timeline.more')}</Button>
        </Center>
      )}
    </Box>
  );
}

function TimelineItem({ entry, kind, recordId, merges }: { entry: TimelineEntry; kind: RecordKind; recordId: string; merges?: MergeRecord[] }) {
  const { t, i18n } = useTranslation();
  const { byId } = useUsers();
  const fields = useCustomFields(kind);
  const actor = entry.actorId ? byId.get(entry.actorId)?.name ?? t('timeline.someone') : t('timeline.system');
  const d = entry.data;
  const snap = (d.snapshot ?? {}) as Record<string, unknown>;
  const yes = t('common.yes');
  const no = t('common.no');

  const fieldLabel = (f: string) => {
    if (f.startsWith('custom.')) {
      const key = f.slice(7);
      const def = fields.data?.find((x) => x.key === key);
      return def ? (i18n.language === 'en' ? def.label.en : def.label.de) : key;
    }
    return t(`fields.${f}`, { defaultValue: f });
  };
  const value = (f: string, v: unknown) => {
    if (f === 'lifecycleStage' && typeof v === 'string' && STAGES.has(v)) return t(`stage.${v}`);
    if (f === 'ownerId' || f === 'assigneeId') return typeof v === 'string' ? byId.get(v)?.name ?? t('timeline.someone') : '—';
    if (f === 'language' && (v === 'de' || v === 'en')) return v === 'de' ? 'Deutsch' : 'English';
    return formatValue(v, yes, no);
  };

  let icon: ReactNode = <IconHistory size={14} />;
  let color = 'gray';
  let title: ReactNode = t(`timeline.kind.${entry.kind}`, { defaultValue: entry.kind });
  let body: ReactNode = null;

  switch (entry.kind) {
    case 'contact.created':
    case 'company.created':
      icon = <IconPlus size={14} />;
      color = 'teal';
      break;
    case 'contact.updated':
    case 'company.updated':
    case 'task.updated': {
      icon = <IconPencil size={14} />;
      color = 'blue';
      const changes = listChanges(d);
      if (entry.kind === 'task.updated') {
        const status = changes.find((c) => c.field === 'status');
        const taskTitle = (d.changes as Record<string, { to?: unknown }> | undefined)?.title?.to ?? null;
        if (status?.to === 'done') {
          title = t('timeline.taskDone');
          icon = <IconChecklist size={14} />;
          color = 'teal';
        }
        if (taskTitle) body = <Text fz="sm">{String(taskTitle)}</Text>;
        break;
      }
      if (changes.length) {
        body = (
          <Stack gap={2}>
            {changes.slice(0, 8).map((c) => {
              const diff = c.field === 'tags' ? listDiff(c.from, c.to) : null;
              return (
                <Text key={c.field} fz="sm" data-testid="timeline-change">
                  <Text span fz="sm" fw={600}>{fieldLabel(c.field)}:</Text>{' '}
                  {diff ? (
                    <>
                      {diff.added.map((x) => <Badge key={`+${x}`} size="xs" variant="light" color="teal" mr={4} style={{ textTransform: 'none' }}>+ {x}</Badge>)}
                      {diff.removed.map((x) => <Badge key={`-${x}`} size="xs" variant="light" color="red" mr={4} style={{ textTransform: 'none' }}>− {x}</Badge>)}
                    </>
                  ) : (
                    <>
                      <Text span fz="sm" c="dimmed" td={c.from === null || c.from === undefined ? undefined : 'line-through'}>{value(c.field, c.from)}</Text>
                      {' → '}
                      <Text span fz="sm">{value(c.field, c.to)}</Text>
                    </>
                  )}
                </Text>
              );
            })}
            {changes.length > 8 && <Text fz="xs" c="dimmed">{t('timeline.moreChanges', { count: changes.length - 8 })}</Text>}
          </Stack>
        );
      }
      break;
    }
    case 'note.created':
    case 'note.updated':
    case 'note.deleted': {
      icon = entry.kind === 'note.deleted' ? <IconTrash size={14} /> : <IconNote size={14} />;
      color = entry.kind === 'note.deleted' ? 'red' : 'yellow';
      const changes = (d.changes ?? {}) as Record<string, { to?: unknown }>;
      const text = typeof snap.body === 'string' ? snap.body : typeof changes.body?.to === 'string' ? changes.body.to : '';
      if (text) body = <Text fz="sm" c={entry.kind === 'note.deleted' ? 'dimmed' : undefined} td={entry.kind === 'note.deleted' ? 'line-through' : undefined} lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>{text}</Text>;
      break;
    }
    case 'contact.merged': {
      icon = <IconMerge size={14} />;
      color = 'violet';
      if (typeof snap.id === 'string' && snap.id !== recordId) {
        // On the merged-away record: the snapshot is the survivor.
        title = <>{t('timeline.mergedInto')} <Anchor component={Link} to={`/people/${snap.id}`} fz="sm" fw={600}>{String(snap.displayName ?? '')}</Anchor></>;
      } else {
        const m = closestMerge(merges, entry.at);
        if (m) title = <MergedWith merge={m} survivorId={recordId} />;
      }
      break;
    }
    case 'contact.unmerged':
      icon = <IconUndo size={14} />;
      color = 'violet';
      break;
    case 'contacts.imported':
      icon = <IconUpload size={14} />;
      color = 'cyan';
      break;
    case 'task.created':
    case 'task.deleted':
      icon = <IconChecklist size={14} />;
      color = entry.kind === 'task.deleted' ? 'red' : 'orange';
      if (typeof snap.title === 'string') body = <Text fz="sm">{snap.title}</Text>;
      break;
    default:
      if (entry.kind.startsWith('company.')) icon = <IconBuilding size={14} />;
      if (isIdentityEntry(entry.kind)) {
        icon = <IconLink size={14} />;
        color = 'grape';
        title = <IdentityTimelineTitle entry={entry} recordId={recordId} />;
        body = <IdentityTimelineBody entry={entry} recordId={recordId} />;
      }
  }

  return (
    <Timeline.Item
      bullet={<ThemeIcon size={28} radius="xl" variant="light" color={color}>{icon}</ThemeIcon>}
      data-kind={entry.kind}
      title={
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text fz="sm" fw={500} data-testid="timeline-title">{title}</Text>
          <Tooltip label={formatDateTime(entry.at)}>
            <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatRelative(entry.at)}</Text>
          </Tooltip>
        </Group>
      }
    >
      {body && <Box mt={4}>{body}</Box>}
      <Text fz="xs" c="dimmed" mt={4}>{actor}</Text>
    </Timeline.Item>
  );
}

// The merge a timeline entry stands for: the one recorded closest in time (the entry carries no merge id).
function closestMerge(merges: MergeRecord[] | undefined, at: string): MergeRecord | undefined {
  const t = new Date(at).getTime();
  let best: MergeRecord | undefined;
  for (const m of merges ?? []) {
    const d = Math.abs(new Date(m.createdAt).getTime() - t);
    if (d < 60_000 && (!best || d < Math.abs(new Date(best.createdAt).getTime() - t))) best = m;
  }
  return best;
}

function MergedWith({ merge, survivorId }: { merge: MergeRecord; survivorId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const loser = useContact(merge.loserId);
  const undo = useUndoMerge();
  const onUndo = async () => {
    try {
      await undo.mutateAsync({ mergeId: merge.id, ids: [survivorId, merge.loserId] });
      notify({ kind: 'success', message: t('dup.undone') });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  return (
    <Group gap={8} component="span" wrap="wrap">
      <span>
        {t('timeline.mergedWith')}{' '}
        <Anchor component={Link} to={`/people/${merge.loserId}`} fz="sm" fw={600}>{loser.data?.displayName ?? '…'}</Anchor>
      </span>
      {can('contacts:merge') && (
        <Button size="compact-xs" variant="light" color="violet" leftSection={<IconUndo size={12} />} onClick={() => void onUndo()} loading={undo.isPending} data-testid="undo-merge">
          {t('dup.undo')}
        </Button>
      )}
    </Group>
  );
}
