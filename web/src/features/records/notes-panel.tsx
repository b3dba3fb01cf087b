import { ActionIcon, Avatar, Box, Button, Center, Group, Loader, Menu, Paper, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@parley/contracts/limits';
import { useNoteMutations, useNotes, type RecordKind } from '../../api/contacts.ts';
import { useSession } from '../../api/session.tsx';
import type { Note } from '../../api/types.ts';
import { useUsers } from '../../api/users.ts';
import { colorFor, formatDateTime, formatRelative, initials } from '../../components/format.ts';
import { IconDots, IconNote, IconPencil, IconTrash } from '../../components/icons.tsx';
import { confirmAction } from '../../components/confirm.tsx';
import { Key, modKey } from '../../components/kbd.tsx';
import { notify } from '../../components/notifications.tsx';
import { useAnchorTarget } from '../notifications/anchor.ts';
import { QueryError, errorMessage } from '../../components/query-error.tsx';

/** Writes a new note; Ctrl/⌘+Enter saves. */
export function NoteComposer({ kind, id }: { kind: RecordKind; id: string }) {
  const { t } = useTranslation();
  const { add } = useNoteMutations(kind, id);
  const [body, setBody] = useState('');
  const [focused, setFocused] = useState(false);
  const save = async () => {
    if (!body.trim()) return;
    try {
      await add.mutateAsync(body.trim());
      setBody('');
      notify({ kind: 'success', message: t('notes.added') });
    } catch (err) {
      notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };
  return (
    <Paper withBorder p="sm" radius="md">
      <Textarea
        variant="unstyled"
        placeholder={t('notes.placeholder')}
        autosize
        minRows={focused || body ? 3 : 1}
        maxRows={12}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
        maxLength={LIMITS.noteBody}
        aria-label={t('notes.placeholder')}
        data-testid="note-input"
        px={4}
      />
      {(focused || body) && (
        <Group justify="space-between" mt={6}>
          <Group gap={4}><Key>{modKey}</Key><Key>Enter</Key><Text fz="xs" c="dimmed">{t('common.toSave')}</Text></Group>
          <Button size="xs" onClick={() => void save()} loading={add.isPending} disabled={!body.trim()} onMouseDown={(e) => e.preventDefault()} data-testid="note-save">
            {t('notes.add')}
          </Button>
        </Group>
      )}
    </Paper>
  );
}

/** The notes of a record with edit and delete. */
export function NotesList({ kind, id }: { kind: RecordKind; id: string }) {
  const { t } = useTranslation();
  const notes = useNotes(kind, id);
  if (notes.isPending) return <Center p="lg"><Loader size="sm" /></Center>;
  if (notes.isError) return <QueryError error={notes.error} onRetry={() => void notes.refetch()} />;
  if (!notes.data.length) {
    return (
      <Stack align="center" gap={6} py="xl" c="dimmed">
        <IconNote size={28} />
        <Text fz="sm">{t('notes.empty')}</Text>
      </Stack>
    );
  }
  return <Stack gap="sm">{notes.data.map((n) => <NoteCard key={n.id} note={n} kind={kind} recordId={id} />)}</Stack>;
}

function NoteCard({ note, kind, recordId }: { note: Note; kind: RecordKind; recordId: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const { byId } = useUsers();
  const { edit, remove } = useNoteMutations(kind, recordId);
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(note.body);
  const anchor = useAnchorTarget<HTMLDivElement>(`note-${note.id}`);
  const author = note.authorId ? byId.get(note.authorId)?.name ?? t('timeline.someone') : t('timeline.system');
  const mayChange = note.authorId === session.user.id || session.user.role === 'admin' || session.user.role === 'manager';

  const save = async () => {
    try {
      await edit.mutateAsync({ id: note.id, body: body.trim() });
      setEditing(false);
    } catch (err) {
      notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };
  const del = async () => {
    if (!(await confirmAction({ title: t('notes.deleteTitle'), message: t('notes.confirmDelete'), confirmLabel: t('common.delete'), danger: true }))) return;
    try {
      await remove.mutateAsync(note.id);
      notify({ kind: 'success', message: t('notes.deleted') });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="note" id={`note-${note.id}`} ref={anchor.ref} data-targeted={anchor.targeted || undefined}
      style={{ background: '#fffdf5', borderColor: anchor.targeted ? 'var(--mantine-color-blue-5)' : '#f3ecd2', boxShadow: anchor.targeted ? '0 0 0 3px var(--mantine-color-blue-1)' : undefined, scrollMarginTop: 80 }}>
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <Group gap={8} wrap="nowrap">
          <Avatar size={24} radius="xl" color={colorFor(author)}>{initials(author)}</Avatar>
          <Text fz="sm" fw={600}>{author}</Text>
          <Tooltip label={formatDateTime(note.createdAt)}>
            <Text fz="xs" c="dimmed">{formatRelative(note.createdAt)}{note.updatedAt !== note.createdAt ? ` · ${t('notes.edited')}` : ''}</Text>
          </Tooltip>
        </Group>
        {mayChange && !editing && (
          <Menu position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => { setBody(note.body); setEditing(true); }}>{t('common.edit')}</Menu.Item>
              <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={() => void del()}>{t('common.delete')}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {editing ? (
        <Box>
          <Textarea
            autosize
            minRows={3}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
              if (e.key === 'Escape') setEditing(false);
            }}
            autoFocus
            maxLength={LIMITS.noteBody}
          />
          <Group justify="flex-end" mt="xs" gap="xs">
            <Button size="xs" variant="default" onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
            <Button size="xs" onClick={() => void save()} loading={edit.isPending} disabled={!body.trim()}>{t('common.save')}</Button>
          </Group>
        </Box>
      ) : (
        <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{note.body}</Text>
      )}
    </Paper>
  );
}
