import { Anchor, Avatar, Button, Group, Loader, Paper, Stack, Text, Typography } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadAttachment, useCommentMutations, useComments, type Comment, type CommentRecordType } from '../../api/comments.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { CommentEditor } from './comment-editor.tsx';
import { SafeHtml } from './safe-html.tsx';

/** The comments of any record: the list (sanitized HTML from the server) and the editor. */
export function CommentsPanel({ recordType, recordId }: { recordType: CommentRecordType; recordId: string }) {
  const { t, i18n } = useTranslation();
  const list = useComments(recordType, recordId);
  const m = useCommentMutations(recordType, recordId);
  const [editing, setEditing] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);

  const create = async (body: string, files: File[]) => {
    try {
      const c = await m.create.mutateAsync(body);
      for (const [i, f] of files.entries()) {
        setProgress(i / files.length);
        await uploadAttachment(c.id, f, (p) => setProgress((i + p) / files.length)).catch((err) => notify({ kind: 'error', message: `${f.name}: ${errorMessage(err, t)}` }));
      }
      setProgress(null);
      if (files.length) await m.refresh();
      return true;
    } catch (err) {
      setProgress(null);
      notify({ kind: 'error', message: errorMessage(err, t) });
      return false;
    }
  };
  const remove = async (c: Comment) => {
    if (!(await confirmAction({ title: t('comments.deleteTitle'), message: t('comments.deleteText'), confirmLabel: t('comments.delete'), danger: true }))) return;
    await m.remove.mutateAsync(c.id).catch((err) => notify({ kind: 'error', message: errorMessage(err, t) }));
  };
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Stack gap="sm" data-testid="comments-panel">
      {list.isLoading && <Loader size="sm" />}
      {list.data?.items.length === 0 && <Text c="dimmed" fz="sm" data-testid="comments-empty">{t('comments.empty')}</Text>}
      {list.data?.items.map((c) => (
        <Paper key={c.id} id={`comment-${c.id}`} withBorder p="sm" radius="md" data-testid="comment">
          <Group justify="space-between" mb={4} wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <Avatar size="sm" radius="xl" name={c.author?.name ?? '—'} color="initials" />
              <Text fz="sm" fw={600}>{c.author?.name ?? t('comments.unknownAuthor')}</Text>
              <Text fz="xs" c="dimmed">{fmt.format(new Date(c.createdAt))}{c.editedAt ? ` · ${t('comments.edited')}` : ''}</Text>
            </Group>
            <Group gap={4}>
              {c.abilities.edit && <Button size="compact-xs" variant="subtle" onClick={() => setEditing(c.id)}>{t('comments.edit')}</Button>}
              {c.abilities.delete && <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove(c)}>{t('comments.delete')}</Button>}
            </Group>
          </Group>
          {editing === c.id ? (
            <CommentEditor initial={c.body} submitLabel={t('comments.save')} pending={m.update.isPending} onCancel={() => setEditing(null)}
              onSubmit={async (body) => {
                try { await m.update.mutateAsync({ id: c.id, body }); setEditing(null); return true; } catch (err) { notify({ kind: 'error', message: errorMessage(err, t) }); return false; }
              }} />
          ) : (
            <Typography fz="sm"><SafeHtml html={c.bodyHtml} testId="comment-body" /></Typography>
          )}
          {c.attachments.length > 0 && (
            <Group gap="xs" mt={4}>
              {c.attachments.map((a) => <Anchor key={a.key} href={a.url} target="_blank" rel="noopener" fz="xs">📎 {a.name} ({Math.ceil(a.size / 1024)} KB)</Anchor>)}
            </Group>
          )}
        </Paper>
      ))}
      <CommentEditor submitLabel={t('comments.submit')} pending={m.create.isPending || progress !== null} withFiles progress={progress} onSubmit={create} />
    </Stack>
  );
}
