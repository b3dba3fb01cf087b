import { Alert, Button, EmptyState, Grid, Group, NavLink, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import { useRoomMutations, useRoomNote, useRoomNotes, type Room } from '../../api/rooms.ts';
import { IconNote, IconPlus } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { MarkdownEditor, MarkdownView } from './markdown-editor.tsx';

/** Collaborative notes: a list, the editor with preview, a conflict message on a stale save, and the history. */
export function RoomNotes({ room }: { room: Room }) {
  const { t } = useTranslation();
  const notes = useRoomNotes(room.id);
  const { createNote } = useRoomMutations();
  const [selected, setSelected] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const list = notes.data?.items ?? [];
  const current = selected ?? list[0]?.id ?? null;
  const create = async () => {
    try {
      const n = await createNote.mutateAsync({ roomId: room.id, title, body: '' });
      setTitle('');
      setSelected(n.id);
    } catch (err) {
      notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Stack gap="xs">
          {list.map((n) => <NavLink key={n.id} label={n.title} description={`v${n.version}`} active={n.id === current} onClick={() => setSelected(n.id)} data-testid="note-link" />)}
          {room.abilities.write && (
            <form onSubmit={(e) => { e.preventDefault(); if (title.trim()) void create(); }}>
              <Group gap={4} wrap="nowrap">
                <TextInput size="xs" placeholder={t('rooms.notes.newTitle')} aria-label={t('rooms.notes.newTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} data-testid="new-note-title" />
                <Button size="xs" type="submit" variant="light" disabled={!title.trim()} aria-label={t('rooms.notes.create')}><IconPlus size={14} /></Button>
              </Group>
            </form>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 9 }}>
        {current ? <NoteEditor key={current} id={current} writable={room.abilities.write} /> : (
          <EmptyState py={40} icon={<IconNote size={26} />} variant="light" color="teal" title={t('rooms.notes.empty')} description={t('rooms.notes.emptyText')} />
        )}
      </Grid.Col>
    </Grid>
  );
}

function NoteEditor({ id, writable }: { id: string; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const note = useRoomNote(id);
  const { saveNote } = useRoomMutations();
  const [body, setBody] = useState<string | null>(null);
  const [base, setBase] = useState<number | null>(null);
  const [conflict, setConflict] = useState<{ version: number; body: string } | null>(null);
  const [revision, setRevision] = useState<{ version: number; body: string } | null>(null);
  useEffect(() => {
    if (note.data && body === null) { setBody(note.data.body); setBase(note.data.version); }
  }, [note.data, body]);
  if (!note.data || body === null || base === null) return null;
  const n = note.data;
  const save = async () => {
    try {
      const saved = await saveNote.mutateAsync({ id, baseVersion: base, body });
      setBase(saved.version);
      setConflict(null);
      notify({ kind: 'success', message: t('rooms.notes.saved', { version: saved.version }) });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'room_note_conflict') setConflict(err.details as { version: number; body: string });
      else notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };
  const showRevision = async (version: number) => setRevision(await api.get<{ version: number; body: string }>(`/api/room-notes/${id}/revisions/${version}`));
  return (
    <Stack>
      <Title order={3}>{n.title}</Title>
      {conflict && (
        <Alert color="orange" title={t('rooms.notes.conflict')} data-testid="note-conflict">
          <Text fz="sm">{t('rooms.notes.conflictText', { version: conflict.version })}</Text>
          <Paper withBorder p="xs" my="xs"><Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{conflict.body}</Text></Paper>
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => { setBody(`${conflict.body}\n\n${body}`); setBase(conflict.version); setConflict(null); }}>{t('rooms.notes.merge')}</Button>
            <Button size="xs" variant="subtle" onClick={() => { setBody(conflict.body); setBase(conflict.version); setConflict(null); }}>{t('rooms.notes.takeTheirs')}</Button>
          </Group>
        </Alert>
      )}
      {writable ? (
        <>
          <MarkdownEditor value={body} onChange={setBody} onSubmit={() => void save()} minRows={8} label={n.title} testId="note-body" />
          <Group justify="flex-end"><Button onClick={() => void save()} loading={saveNote.isPending} disabled={body === n.body && base === n.version} data-testid="save-note">{t('rooms.notes.save')}</Button></Group>
        </>
      ) : <Paper withBorder p="md"><MarkdownView html={n.bodyHtml} /></Paper>}
      <Paper withBorder p="sm">
        <Text fw={600} fz="sm" mb="xs">{t('rooms.notes.history')}</Text>
        <Stack gap={4}>
          {n.history.map((h) => (
            <Group key={h.version} justify="space-between" data-testid="note-revision">
              <Text fz="sm">v{h.version} · {h.author?.name ?? t('rooms.unknownUser')} · {new Date(h.createdAt).toLocaleString(i18n.language)}</Text>
              <Button size="xs" variant="subtle" onClick={() => void showRevision(h.version)}>{t('rooms.notes.show')}</Button>
            </Group>
          ))}
        </Stack>
        {revision && (
          <Paper withBorder p="xs" mt="xs" bg="gray.0" data-testid="note-revision-body">
            <Text fz="xs" c="dimmed">{t('rooms.notes.revision', { version: revision.version })}</Text>
            <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{revision.body}</Text>
          </Paper>
        )}
      </Paper>
    </Stack>
  );
}
