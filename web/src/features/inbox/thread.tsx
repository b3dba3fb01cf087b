import { Anchor, Avatar, Badge, Box, Button, Center, Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import { forwardRef, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, isMissingRoute } from '../../api/client.ts';
import { useConversation, useIdentity, useRetryMessage, useUpdateConversation, type ConversationDetail, type ConversationStatus, type Message } from '../../api/inbox.ts';
import { useSession } from '../../api/session.tsx';
import { colorFor, formatDateTime, formatRelative, initials } from '../../components/format.ts';
import { IconAlert, IconCheck, IconClock, IconLink, IconUndo, IconWorld } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { identityName } from '../identities/identities-panel.tsx';
import { NetworkIcon, useNetworkLabel } from '../identities/network.tsx';
import classes from './inbox.module.css';
import { ReplyBox } from './composer.tsx';
import { HeldStatus } from '../replies/held-status.tsx';
import { ConversationCsatBadge } from '../replies/csat-settings.tsx';
import { ConversationViewers } from '../presence/viewers.tsx';
import { ClassBadges, StatusBadge } from './labels.tsx';
import { OrganizeBar } from '../inbox-views/organize-bar.tsx';
import { ExpertComposer } from '../experts/note-editor.tsx';
import { ExpertActions } from '../experts/thread-actions.tsx';
import { ConversationNotFound, ThreadTimeline } from '../experts/thread-notes.tsx';
import { AssigneePicker } from '../routing/assignee-picker.tsx';
import { SlaBadge } from '../sla/sla-badge.tsx';
import { FollowButton } from '../activity/follow-button.tsx';

/** The open conversation: its header with the status actions, the messages as bubbles and the reply box. */
export const Thread = forwardRef<HTMLTextAreaElement, { id: string; onLeaveReply: () => void }>(function Thread({ id, onLeaveReply }, replyRef) {
  const { can, session } = useSession();
  const conversation = useConversation(id);
  if (conversation.isPending) return <Center h="100%"><Loader size="sm" /></Center>;
  // Not there, or (for an expert) not asked into: the same empty state, nothing of the conversation.
  if (conversation.isError && conversation.error instanceof ApiError && conversation.error.status === 404 && !isMissingRoute(conversation.error)) return <ConversationNotFound />;
  if (conversation.isError) return <QueryError error={conversation.error} onRetry={() => void conversation.refetch()} />;
  const c = conversation.data;
  return (
    <>
      <ThreadHeader conversation={c} />
      <Messages conversation={c} />
      <ExpertComposer conversationId={c.id} />
      {/* An expert replies once they took the thread over (they are its assignee). */}
      {(can('inbox:reply') || (can('inbox:consulted') && c.assignee?.id === session.user.id)) && <ReplyBox key={c.id} conversation={c} ref={replyRef} onLeave={onLeaveReply} />}
    </>
  );
});

function ThreadHeader({ conversation: c }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const networkLabel = useNetworkLabel();
  // Experts cannot read identities: the conversation's own author data names the customer for them.
  const author = useIdentity(can('identities:read') ? c.identityId : null);
  const name = author.data ? identityName(author.data) : c.author?.displayName ?? c.author?.handle ?? t('inbox.unknownAuthor');
  return (
    <Box px="lg" py="sm" style={{ borderBottom: '1px solid var(--parley-border)' }} data-testid="thread-header">
      <Group justify="space-between" wrap="nowrap" gap="md" align="center">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          {c.network && <NetworkIcon network={c.network} size={36} />}
          <Box style={{ minWidth: 0 }}>
            <Text component="h2" fw={700} fz="lg" lh={1.3} m={0} truncate data-testid="thread-title">{name}</Text>
            {c.subject && <Text fz="sm" c="gray.7" truncate title={c.subject}>{c.subject}</Text>}
          </Box>
        </Group>
        <Group gap={6} wrap="nowrap"><FollowButton type="conversation" id={c.id} />{can('inbox:update') && <StatusActions conversation={c} />}</Group>
      </Group>
      <Group gap={6} mt={8} wrap="wrap">
        <StatusBadge status={c.status} />
        <SlaBadge sla={c.sla} size="sm" />
        <ConversationCsatBadge conversationId={c.id} />
        <Badge size="sm" variant="outline" color={c.kind === 'public' ? 'orange' : 'gray'} radius="sm" style={{ textTransform: 'none' }}
          leftSection={c.kind === 'public' ? <IconWorld size={12} /> : undefined} data-testid="thread-kind">
          {t(c.kind === 'public' ? 'inbox.kind.public' : 'inbox.kind.private')}
        </Badge>
        <ClassBadges sentiment={c.sentiment} intent={c.intent} size="sm" />
        <Text fz="xs" c="dimmed">
          {[c.network ? networkLabel(c.network) : null, c.language ? t(`inbox.language.${c.language}`, { defaultValue: c.language.toUpperCase() }) : null,
            t('inbox.thread.messages', { count: c.messageCount })].filter(Boolean).join(' · ')}
        </Text>
        {/* ROUTING: who works the conversation, in which team's queue. */}
        <AssigneePicker conversation={c} />
        {/* EXPERTS: ask an expert, create a task from the thread. */}
        <ExpertActions conversationId={c.id} />
      </Group>
      {/* ORGANIZE: status menu with custom statuses, labels and #hashtags, snooze. */}
      <OrganizeBar conversation={c} />
      {c.kind === 'public' && <Text fz="xs" c="orange.8" mt={6}>{t('inbox.thread.publicHint')}</Text>}
      {c.linkedConversationId && (
        <Anchor component={Link} to={`/inbox/${c.linkedConversationId}`} fz="xs" mt={4} display="inline-block" data-testid="linked-conversation">
          <Group gap={4}><IconLink size={12} />{t(c.kind === 'public' ? 'inbox.thread.openPrivate' : 'inbox.thread.openPublic')}</Group>
        </Anchor>
      )}
      <ConversationViewers conversationId={c.id} />
    </Box>
  );
}

/** Resolve / reopen, and pending or back to open; the list refreshes, so a resolved conversation leaves the open tab. */
function StatusActions({ conversation: c }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const update = useUpdateConversation(c.id);
  const set = async (status: ConversationStatus) => {
    try {
      await update.mutateAsync({ status });
      notify({ kind: 'success', message: t('inbox.thread.statusChanged', { status: t(`inbox.status.${status}`) }) });
    } catch (err) {
      notify({ kind: 'error', message: isMissingRoute(err) ? t('inbox.notAvailable') : errorMessage(err, t) });
    }
  };
  const busy = (s: ConversationStatus) => update.isPending && update.variables?.status === s;
  const done = c.status === 'resolved' || c.status === 'closed';
  return (
    <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }} role="group" aria-label={t('inbox.thread.statusActions')}>
      {done ? (
        <Button size="xs" variant="default" leftSection={<IconUndo size={14} />} onClick={() => void set('open')} loading={busy('open')} data-testid="reopen">
          {t('inbox.thread.reopen')}
        </Button>
      ) : (
        <>
          {c.status === 'open' ? (
            <Button size="xs" variant="default" leftSection={<IconClock size={14} />} onClick={() => void set('pending')} loading={busy('pending')} data-testid="set-pending">
              {t('inbox.thread.pending')}
            </Button>
          ) : (
            <Button size="xs" variant="default" onClick={() => void set('open')} loading={busy('open')} data-testid="set-open">
              {t('inbox.thread.backToOpen')}
            </Button>
          )}
          <Button size="xs" color="teal" leftSection={<IconCheck size={14} />} onClick={() => void set('resolved')} loading={busy('resolved')} data-testid="resolve">
            {t('inbox.thread.resolve')}
          </Button>
        </>
      )}
    </Group>
  );
}

function Messages({ conversation: c }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const last = c.messages.at(-1);
  // The newest message is at the bottom: opening a thread, and every new message, scrolls there.
  useLayoutEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [c.id, last?.id, last?.sendStatus]);
  return (
    <Box ref={box} className={classes.scroll} px="lg" py="md" role="log" aria-label={t('inbox.thread.messagesLabel')} data-testid="thread-messages">
      {c.messages.length === 0 ? <Text c="dimmed" fz="sm" ta="center" mt="xl">{t('inbox.thread.noMessages')}</Text> : (
        <Stack gap="md">
          <ThreadTimeline conversationId={c.id} messages={c.messages} renderMessage={(m) => <MessageBubble key={m.id} message={m} conversationId={c.id}
            customerName={m.identityId && m.identityId === c.identityId ? c.author?.displayName ?? c.author?.handle : null} />} />
        </Stack>
      )}
    </Box>
  );
}

function MessageBubble({ message: m, conversationId, customerName }: { message: Message; conversationId: string; customerName?: string | null }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const inbound = m.direction === 'inbound';
  // Experts cannot read identities: the customer's name comes with the conversation.
  const author = useIdentity(inbound && can('identities:read') ? m.identityId : null);
  const name = inbound ? (author.data ? identityName(author.data) : customerName ?? t('inbox.unknownAuthor')) : (m.author?.name ?? t('inbox.thread.page'));
  const deleted = m.flags.includes('deleted');
  const hidden = m.flags.includes('hidden');
  const links = m.attachments.map((a) => (typeof a.url === 'string' && /^https?:\/\//.test(a.url) ? { url: a.url, type: typeof a.type === 'string' ? a.type : 'link' } : null)).filter((a) => a !== null);
  return (
    <Group justify={inbound ? 'flex-start' : 'flex-end'} align="flex-end" gap="xs" wrap="nowrap" data-testid="message" data-direction={m.direction}>
      {inbound && (
        <Avatar size={30} radius="xl" src={author.data?.avatarUrl ?? undefined} color={colorFor(name)} variant="light" alt="">{initials(name)}</Avatar>
      )}
      <Box maw="72%" style={{ display: 'flex', flexDirection: 'column', alignItems: inbound ? 'flex-start' : 'flex-end' }}>
        <Group gap={6} mb={3} wrap="nowrap">
          <Text fz="xs" fw={600} c="gray.7">{name}</Text>
          <Tooltip label={formatDateTime(m.occurredAt)} openDelay={300}>
            <Text fz="xs" c="dimmed" component="time" dateTime={m.occurredAt}>{formatRelative(m.occurredAt)}</Text>
          </Tooltip>
        </Group>
        <Box className={`${classes.bubble} ${inbound ? classes.inbound : classes.outbound}`} data-status={m.sendStatus ?? undefined}
          data-deleted={deleted || undefined} data-hidden={hidden || undefined} data-testid="message-text">
          {m.text || <Text span fs="italic" fz="sm">{t('inbox.noText')}</Text>}
          {links.length > 0 && (
            <Stack gap={2} mt={4}>
              {links.map((a) => (
                <Anchor key={a.url} href={a.url} target="_blank" rel="noopener noreferrer" fz="xs" c={inbound ? undefined : 'inherit'} td="underline">
                  {t(`inbox.attachment.${a.type}`, { defaultValue: t('inbox.attachment.link') })}
                </Anchor>
              ))}
            </Stack>
          )}
        </Box>
        {m.flags.length > 0 && (
          <Group gap={4} mt={4}>
            {m.flags.map((f) => (
              <Badge key={f} size="xs" variant="light" color={f === 'deleted' ? 'red' : f === 'hidden' ? 'orange' : 'gray'} radius="sm" style={{ textTransform: 'none' }} data-testid="message-flag">
                {t(`inbox.flag.${f}`, { defaultValue: f })}
              </Badge>
            ))}
          </Group>
        )}
        {!inbound && m.sendStatus && <SendStatus message={m} conversationId={conversationId} />}
      </Box>
    </Group>
  );
}

function SendStatus({ message: m, conversationId }: { message: Message; conversationId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const retry = useRetryMessage(conversationId);
  const again = async () => {
    try {
      await retry.mutateAsync(m.id);
    } catch (err) {
      notify({ kind: 'error', message: isMissingRoute(err) ? t('inbox.notAvailable') : errorMessage(err, t) });
    }
  };
  if (m.sendStatus === 'queued') {
    return <Group gap={4} mt={4} c="dimmed" data-testid="send-status" data-status="queued"><Loader size={10} /><Text fz="xs" c="dimmed">{t('inbox.send.queued')}</Text></Group>;
  }
  // Reply approval (replies domain): held for a manager, or rejected with the manager's reason.
  if (m.sendStatus === 'pending_approval' || m.sendStatus === 'rejected') return <HeldStatus message={m} />;
  if (m.sendStatus === 'sent') {
    return <Group gap={4} mt={4} c="teal.7" data-testid="send-status" data-status="sent"><IconCheck size={12} /><Text fz="xs" c="teal.7">{t('inbox.send.sent')}</Text></Group>;
  }
  return (
    <Group gap={6} mt={4} wrap="nowrap" justify="flex-end" data-testid="send-status" data-status="failed">
      <Box c="red.7" style={{ display: 'flex' }}><IconAlert size={13} /></Box>
      <Text fz="xs" c="red.7" role="status">{m.sendError ? t('inbox.send.failedWith', { error: m.sendError }) : t('inbox.send.failed')}</Text>
      {can('inbox:reply') && <Button size="compact-xs" variant="light" color="red" onClick={() => void again()} loading={retry.isPending} data-testid="retry-send">{t('inbox.send.retry')}</Button>}
    </Group>
  );
}
