import { Avatar, Button, Group, Paper, Stack, Text, EmptyState } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoomMutations, useRoomPosts, type Room, type RoomPost } from '../../api/rooms.ts';
import { IconNote } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage, QueryError } from '../../components/query-error.tsx';
import { useAnchorTarget } from '../notifications/anchor.ts';
import { MarkdownEditor, MarkdownView } from './markdown-editor.tsx';

/** The feed of a room: a composer for members, posts newest first with their threads. */
export function RoomFeed({ room }: { room: Room }) {
  const { t } = useTranslation();
  const posts = useRoomPosts(room.id);
  const list = posts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      {room.abilities.write ? <Composer roomId={room.id} /> : <Text c="dimmed" fz="sm">{room.archived ? t('rooms.archivedHint') : t('rooms.joinToWrite')}</Text>}
      {posts.error ? <QueryError error={posts.error} /> : !posts.isLoading && list.length === 0 ? (
        <EmptyState py={40} icon={<IconNote size={26} />} variant="light" color="teal" title={t('rooms.feed.empty')} description={t('rooms.feed.emptyText')} />
      ) : list.map((p) => <Thread key={p.id} post={p} room={room} />)}
      {posts.hasNextPage && <Button variant="subtle" onClick={() => void posts.fetchNextPage()} loading={posts.isFetchingNextPage}>{t('rooms.feed.more')}</Button>}
    </Stack>
  );
}

function Composer({ roomId, parentId, onDone }: { roomId: string; parentId?: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const { post } = useRoomMutations();
  const [body, setBody] = useState('');
  const submit = async () => {
    if (!body.trim()) return;
    try {
      await post.mutateAsync({ roomId, body, parentId });
      setBody('');
      onDone?.();
    } catch (err) {
      notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };
  return (
    <Paper withBorder p="sm">
      <MarkdownEditor value={body} onChange={setBody} onSubmit={() => void submit()} minRows={parentId ? 2 : 3}
        placeholder={parentId ? t('rooms.feed.replyPlaceholder') : t('rooms.feed.placeholder')} testId={parentId ? 'reply-body' : 'post-body'} />
      <Group justify="flex-end" mt="xs">
        <Button size="xs" onClick={() => void submit()} loading={post.isPending} disabled={!body.trim()} data-testid={parentId ? 'send-reply' : 'send-post'}>
          {parentId ? t('rooms.feed.reply') : t('rooms.feed.post')}
        </Button>
      </Group>
    </Paper>
  );
}

function Entry({ post }: { post: Omit<RoomPost, 'replies'> }) {
  const { t, i18n } = useTranslation();
  // A link to the post (#post-<id>: the search, the hashtag page) scrolls it into view and marks it for a moment.
  const anchor = useAnchorTarget<HTMLDivElement>(`post-${post.id}`);
  return (
    <Group ref={anchor.ref} id={`post-${post.id}`} align="flex-start" wrap="nowrap" gap="sm" data-testid="room-post-entry"
      style={anchor.targeted ? { boxShadow: '0 0 0 2px var(--mantine-color-yellow-5)', borderRadius: 4 } : undefined}>
      <Avatar size="sm" radius="xl" color="teal">{(post.author?.name ?? '?').slice(0, 1).toUpperCase()}</Avatar>
      <div style={{ minWidth: 0, flex: 1 }}>
        <Group gap={6}>
          <Text fw={600} fz="sm">{post.author?.name ?? t('rooms.unknownUser')}</Text>
          <Text fz="xs" c="dimmed">{new Date(post.createdAt).toLocaleString(i18n.language)}{post.editedAt ? ` · ${t('rooms.feed.edited')}` : ''}</Text>
        </Group>
        <MarkdownView html={post.bodyHtml} testId="post-html" />
      </div>
    </Group>
  );
}

function Thread({ post, room }: { post: RoomPost; room: Room }) {
  const { t } = useTranslation();
  const [replying, setReplying] = useState(false);
  return (
    <Paper withBorder p="md" data-testid="room-post">
      <Entry post={post} />
      {post.replies.length > 0 && (
        <Stack gap="sm" mt="sm" pl="xl" style={{ borderLeft: '2px solid var(--parley-border)' }}>
          {post.replies.map((r) => <Entry key={r.id} post={r} />)}
        </Stack>
      )}
      {room.abilities.write && (replying
        ? <Stack mt="sm" pl="xl"><Composer roomId={room.id} parentId={post.id} onDone={() => setReplying(false)} /></Stack>
        : <Button variant="subtle" size="xs" mt="xs" onClick={() => setReplying(true)}>{t('rooms.feed.reply')}</Button>)}
    </Paper>
  );
}
