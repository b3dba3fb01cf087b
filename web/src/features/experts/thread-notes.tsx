import { Badge, Box, Button, Center, Group, Stack, Text, Tooltip } from '@mantine/core';
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isMissingRoute } from '../../api/client.ts';
import {
  fillComposer, useConsultActions, useConversationConsults, useNotes, useSuggestionActions, type Consult, type ConversationNote,
} from '../../api/experts.ts';
import type { Message } from '../../api/inbox.ts';
import { useSession } from '../../api/session.tsx';
import { formatDateTime, formatRelative } from '../../components/format.ts';
import { locale } from '../../i18n/index.ts';
import { IconCheck, IconClock, IconInbox, IconNote, IconUser, IconX } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import classes from './experts.module.css';
import { useAnchorTarget } from '../notifications/anchor.ts';

// The thread's internal side, interleaved with the messages by time: consults (question, expert, OLA countdown,
// status, take-over), internal notes (with @mentions) and suggested replies ("Use as reply" fills the composer).

type Item = { at: string; key: string; node: ReactNode };

/** The messages of a conversation with its consults, notes and suggestions between them, oldest first. */
export function ThreadTimeline({ conversationId, messages, renderMessage }: { conversationId: string; messages: Message[]; renderMessage: (m: Message) => ReactNode }) {
  const notes = useNotes(conversationId);
  const consults = useConversationConsults(conversationId);
  const items: Item[] = [
    ...messages.map((m) => ({ at: m.occurredAt, key: `m:${m.id}`, node: renderMessage(m) })),
    ...(consults.data ?? []).map((k) => ({ at: k.createdAt, key: `c:${k.id}`, node: <ConsultCard consult={k} conversationId={conversationId} /> })),
    ...(notes.data ?? []).map((n) => ({ at: n.createdAt, key: `n:${n.id}`, node: <NoteCard note={n} conversationId={conversationId} /> })),
  ];
  items.sort((a, b) => a.at.localeCompare(b.at));
  return <>{items.map((i) => <Fragment key={i.key}>{i.node}</Fragment>)}</>;
}

/**
 * An OLA countdown: "OLA: 1 h 20 min left", or overdue. Counted in open minutes of the expert's business hours when the
 * consult has them (the server's figure; the list refetches every 10 s), else on the wall clock, refreshed every 30 s.
 */
export function OlaCountdown({ consult: k }: { consult: Consult }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  if (k.status !== 'open') return null;
  const left = k.olaCalendar && k.olaMinutesLeft !== null ? k.olaMinutesLeft * 60_000 : new Date(k.olaDueAt).getTime() - now;
  const overdue = k.overdue || left <= 0;
  const minutes = Math.max(0, Math.round(Math.abs(left) / 60_000));
  const span = minutes >= 120 ? t('experts.ola.hours', { h: Math.floor(minutes / 60), m: minutes % 60 }) : t('experts.ola.minutes', { m: minutes });
  const tip = `${t('experts.ola.dueAt', { when: formatDateTime(k.olaDueAt) })}. ${k.olaCalendar ? t('experts.ola.dueTip', { calendar: k.olaCalendar.name }) : t('experts.ola.roundTheClockTip')}`;
  return (
    <Tooltip label={tip} openDelay={300} multiline maw={300}>
      <Badge size="sm" radius="sm" variant={overdue ? 'filled' : 'light'} color={overdue ? 'red' : left < 15 * 60_000 ? 'orange' : 'yellow'}
        leftSection={<IconClock size={11} />} style={{ textTransform: 'none' }} data-testid="ola" data-overdue={overdue || undefined}>
        {overdue ? t('experts.ola.overdue', { span }) : t('experts.ola.left', { span })}
      </Badge>
    </Tooltip>
  );
}

/** When an open consult's answer is due, with the weekday (a Friday-evening question is due on Monday), and in whose hours. */
export function OlaDue({ consult: k }: { consult: Consult }) {
  const { t } = useTranslation();
  if (k.status !== 'open') return null;
  const when = new Intl.DateTimeFormat(locale(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(k.olaDueAt));
  return (
    <Text fz="xs" c={k.overdue ? 'red.8' : 'gray.7'} data-testid="ola-due" data-due={k.olaDueAt}>
      {k.olaCalendar ? t('experts.ola.dueIn', { when, calendar: k.olaCalendar.name }) : t('experts.ola.due', { when })}
    </Text>
  );
}

function ConsultCard({ consult: k, conversationId }: { consult: Consult; conversationId: string }) {
  const { t } = useTranslation();
  const actions = useConsultActions(conversationId);
  const run = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      notify({ kind: 'success', message: t(done) });
    } catch (err) {
      notify({ kind: 'error', message: isMissingRoute(err) ? t('experts.notAvailable') : errorMessage(err, t) });
    }
  };
  return (
    <Box className={classes.consult} data-overdue={(k.status === 'open' && k.overdue) || undefined} data-testid="consult-card" data-status={k.status}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Box style={{ minWidth: 0 }}>
          <Group gap={6} mb={4} wrap="wrap">
            <Badge size="sm" radius="sm" color="yellow" variant="light" leftSection={<IconUser size={11} />} style={{ textTransform: 'none' }}>{t('experts.consult.label')}</Badge>
            <Text fz="xs" c="gray.7">
              {t('experts.consult.askedBy', { asker: k.askedBy?.name ?? t('experts.someone'), expert: k.expert.name, when: formatRelative(k.createdAt) })}
            </Text>
            <Badge size="sm" radius="sm" variant="outline" color={k.status === 'open' ? 'yellow' : k.status === 'answered' ? 'teal' : 'gray'} style={{ textTransform: 'none' }} data-testid="consult-status">
              {t(`experts.status.${k.status}`)}
            </Badge>
            <OlaCountdown consult={k} />
          </Group>
          <Text fz="sm" fw={500} style={{ whiteSpace: 'pre-wrap' }} data-testid="consult-question">{k.question}</Text>
          <OlaDue consult={k} />
        </Box>
        <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
          {k.can.takeOver && (
            <Button size="compact-xs" variant="filled" color="orange" loading={actions.takeOver.isPending} data-testid="take-over"
              onClick={() => void run(() => actions.takeOver.mutateAsync(k.id), 'experts.consult.takenOver')}>{t('experts.consult.takeOver')}</Button>
          )}
          {k.can.cancel && (
            <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconX size={12} />} data-testid="consult-cancel"
              onClick={() => void run(() => actions.patch.mutateAsync({ id: k.id, status: 'cancelled' }), 'experts.consult.cancelled')}>{t('experts.consult.cancel')}</Button>
          )}
          {k.can.close && k.status === 'answered' && (
            <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconCheck size={12} />} data-testid="consult-close"
              onClick={() => void run(() => actions.patch.mutateAsync({ id: k.id, status: 'closed' }), 'experts.consult.closed')}>{t('experts.consult.close')}</Button>
          )}
        </Group>
      </Group>
    </Box>
  );
}

/** A note's text with its @mentions shown as names (the markup the editor inserts). */
export function NoteText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  const re = /@\[([^\]\n]{1,200})\]\((?:user|team):[0-9a-fA-F-]{36}\)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(<span key={m.index} className={classes.mention}>@{m[1]}</span>);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}

/** Plain text of a note (mentions as "@Name"), for the composer. */
export function plainText(text: string): string {
  return text.replace(/@\[([^\]\n]{1,200})\]\((?:user|team):[0-9a-fA-F-]{36}\)/g, '@$1');
}

function NoteCard({ note: n, conversationId }: { note: ConversationNote; conversationId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const actions = useSuggestionActions(conversationId);
  const suggestion = n.kind === 'suggestion';
  // A notification links to this note (/inbox/<id>#note-<id>): scrolled into view and highlighted.
  const anchor = useAnchorTarget<HTMLDivElement>(`note-${n.id}`);
  // The agents use suggestions (an expert who took a thread over writes the reply themselves).
  const mayReply = can('inbox:reply');
  const use = async () => {
    try {
      const r = await actions.use.mutateAsync(n.id);
      fillComposer({ conversationId, text: plainText(r.text) });
      notify({ kind: 'success', message: t('experts.suggestion.inComposer') });
    } catch (err) {
      notify({ kind: 'error', message: isMissingRoute(err) ? t('experts.notAvailable') : errorMessage(err, t) });
    }
  };
  const dismiss = async () => {
    try {
      await actions.dismiss.mutateAsync(n.id);
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  return (
    <Stack gap={3} maw="85%" id={`note-${n.id}`} ref={anchor.ref} data-targeted={anchor.targeted || undefined} style={{ alignSelf: 'center', width: '85%', scrollMarginTop: 80, outline: anchor.targeted ? '2px solid var(--mantine-color-blue-4)' : undefined, borderRadius: 6 }} data-testid={suggestion ? 'suggestion' : 'internal-note'} data-status={n.suggestionStatus ?? undefined}>
      <Group gap={6} wrap="nowrap">
        <Box c="yellow.8" style={{ display: 'flex' }}>{suggestion ? <IconInbox size={13} /> : <IconNote size={13} />}</Box>
        <Text fz="xs" fw={600} c="yellow.9">{t(suggestion ? 'experts.suggestion.label' : 'experts.note.label')}</Text>
        <Text fz="xs" c="gray.7">{n.author?.name ?? t('experts.someone')}</Text>
        <Tooltip label={formatDateTime(n.createdAt)} openDelay={300}>
          <Text fz="xs" c="dimmed" component="time" dateTime={n.createdAt}>{formatRelative(n.createdAt)}</Text>
        </Tooltip>
        {suggestion && n.suggestionStatus !== 'pending' && (
          <Badge size="xs" radius="sm" variant="light" color={n.suggestionStatus === 'used' ? 'teal' : 'gray'} style={{ textTransform: 'none' }} data-testid="suggestion-status">
            {n.suggestionStatus === 'used' ? t('experts.suggestion.usedBy', { name: n.usedBy?.name ?? '—' }) : t('experts.suggestion.dismissed')}
          </Badge>
        )}
      </Group>
      <Box className={`${classes.note} ${suggestion ? classes.suggestion : ''}`} data-testid="note-text"><NoteText text={n.text} /></Box>
      {suggestion && mayReply && n.suggestionStatus !== 'dismissed' && (
        <Group gap={6}>
          <Button size="compact-xs" variant="filled" color="orange" onClick={() => void use()} loading={actions.use.isPending} data-testid="use-suggestion">
            {t('experts.suggestion.use')}
          </Button>
          {n.suggestionStatus === 'pending' && can('experts:consult') && (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => void dismiss()} loading={actions.dismiss.isPending} data-testid="dismiss-suggestion">
              {t('experts.suggestion.dismiss')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}

/** What an expert sees on a conversation they were not asked into (or that does not exist): nothing of it. */
export function ConversationNotFound() {
  const { t } = useTranslation();
  return (
    <Center h="100%" p="xl">
      <Stack align="center" gap={6} ta="center" maw={380} data-testid="conversation-not-found">
        <Box c="gray.4"><IconInbox size={40} /></Box>
        <Text fw={600}>{t('experts.notFound.title')}</Text>
        <Text fz="sm" c="dimmed">{t('experts.notFound.body')}</Text>
      </Stack>
    </Center>
  );
}
