import { Anchor, Avatar, Button, Group, Loader, Paper, Stack, Text, Typography } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { removeAttachment, uploadAttachment, useCommentMutations, useComments, type Comment, type CommentRecordType } from '../../api/comments.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { useAnchorTarget } from '../notifications/anchor.ts';
import { CommentEditor } from './comment-editor.tsx';
import { SafeHtml } from './safe-html.tsx';

type Mutations = ReturnType<typeof useCommentMutations>;

/** Uploads files to a comment one after the other, with one progress bar over all; a failed file is reported, the rest go on. */
function useUploads(t: (k: string) => string) {
  const [progress, setProgress] = useState<number | null>(null);
  const upload = async (commentId: string, files: File[]) => {
    for (const [i, f] of files.entries()) {
      setProgress(i / files.length);
      await uploadAttachment(commentId, f, (p) => setProgress((i + p) / files.length)).catch((err) => notify({ kind: 'error', message: `${f.name}: ${errorMessage(err, t)}` }));
    }
    setProgress(null);
  };
  return { progress, upload, reset: () => setProgress(null) };
}

/** The comments of any record: the list (sanitized HTML from the server) and the editor. */
export function CommentsPanel({ recordType, recordId }: { recordType: CommentRecordType; recordId: string }) {
  const { t } = useTranslation();
  const list = useComments(recordType, recordId);
  const m = useCommentMutations(recordType, recordId);
  const uploads = useUploads(t);

  const create = async (body: string, files: File[]) => {
    try {
      const c = await m.create.mutateAsync(body);
      await uploads.upload(c.id, files);
      if (files.length) await m.refresh();
      return true;
    } catch (err) {
      uploads.reset();
      notify({ kind: 'error', message: errorMessage(err, t) });
      return false;
    }
  };

  return (
    <Stack gap="sm" data-testid="comments-panel">
      {list.isLoading && <Loader size="sm" />}
      {list.data?.items.length === 0 && <Text c="dimmed" fz="sm" data-testid="comments-empty">{t('comments.empty')}</Text>}
      {list.data?.items.map((c) => <CommentItem key={c.id} c={c} m={m} />)}
      <CommentEditor submitLabel={t('comments.submit')} pending={m.create.isPending || uploads.progress !== null} withFiles progress={uploads.progress} onSubmit={create} />
    </Stack>
  );
}

/** One comment; a link to it (`#comment-<id>`, from a notification, the hashtag page or the search) scrolls it into view. */
function CommentItem({ c, m }: { c: Comment; m: Mutations }) {
  const { t, i18n } = useTranslation();
  const anchor = useAnchorTarget<HTMLDivElement>(`comment-${c.id}`);
  const [editing, setEditing] = useState(false);
  const uploads = useUploads(t);
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  // Editing saves the text, then removes the attachments marked for removal, then uploads the new files.
  const save = async (body: string, files: File[], removed: string[]) => {
    try {
      await m.update.mutateAsync({ id: c.id, body });
      for (const key of removed) {
        const a = c.attachments.find((x) => x.key === key);
        await removeAttachment(c.id, key).catch((err) => notify({ kind: 'error', message: `${a?.name ?? key}: ${errorMessage(err, t)}` }));
      }
      await uploads.upload(c.id, files);
      if (removed.length || files.length) await m.refresh();
      setEditing(false);
      return true;
    } catch (err) {
      uploads.reset();
      notify({ kind: 'error', message: errorMessage(err, t) });
      return false;
    }
  };
  const remove = async () => {
    if (!(await confirmAction({ title: t('comments.deleteTitle'), message: t('comments.deleteText'), confirmLabel: t('comments.delete'), danger: true }))) return;
    await m.remove.mutateAsync(c.id).catch((err) => notify({ kind: 'error', message: errorMessage(err, t) }));
  };

  return (
    <Paper ref={anchor.ref} id={`comment-${c.id}`} withBorder p="sm" radius="md" data-testid="comment" data-targeted={anchor.targeted || undefined}
      style={anchor.targeted ? { boxShadow: '0 0 0 2px var(--mantine-color-yellow-5)' } : undefined}>
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <Avatar size="sm" radius="xl" name={c.author?.name ?? '—'} color="initials" />
          <Text fz="sm" fw={600}>{c.author?.name ?? t('comments.unknownAuthor')}</Text>
          <Text fz="xs" c="dimmed">{fmt.format(new Date(c.createdAt))}{c.editedAt ? ` · ${t('comments.edited')}` : ''}</Text>
        </Group>
        <Group gap={4}>
          {c.abilities.edit && <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)} data-testid="comment-edit">{t('comments.edit')}</Button>}
          {c.abilities.delete && <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove()}>{t('comments.delete')}</Button>}
        </Group>
      </Group>
      {editing ? (
        <CommentEditor initial={c.body} submitLabel={t('comments.save')} pending={m.update.isPending || uploads.progress !== null} withFiles attachments={c.attachments}
          progress={uploads.progress} onCancel={() => setEditing(false)} onSubmit={save} />
      ) : (
        <>
          <Typography fz="sm"><SafeHtml html={c.bodyHtml} testId="comment-body" /></Typography>
          {c.attachments.length > 0 && (
            <Group gap="xs" mt={4}>
              {c.attachments.map((a) => <Anchor key={a.key} href={a.url} target="_blank" rel="noopener" fz="xs" data-testid="comment-attachment">📎 {a.name} ({Math.ceil(a.size / 1024)} KB)</Anchor>)}
            </Group>
          )}
        </>
      )}
    </Paper>
  );
}

/**
 * The tab a record page opens with when a link names a place on it: `#comment-<id>` the comments, `#note-<id>` the notes,
 * else `fallback`. `key` changes with such a hash, so a link to another comment on the page already open switches too.
 */
export function useLinkedTab(fallback: string): { key: string; value: string } {
  const { hash } = useLocation();
  const value = hash.startsWith('#comment-') ? 'comments' : hash.startsWith('#note-') ? 'notes' : null;
  return { key: value ? hash : 'tabs', value: value ?? fallback };
}
