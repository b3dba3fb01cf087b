import { Box, Button, Center, Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useConversations, type Conversation, type ConversationStatus } from '../../api/inbox.ts';
import { formatDateTime, formatRelative } from '../../components/format.ts';
import { IconInbox, IconUser } from '../../components/icons.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { NetworkIcon } from '../identities/network.tsx';
import classes from './inbox.module.css';
import { pageKey } from './keys.ts';
import { awaitsAnswer, ClassBadges } from './labels.tsx';

/** The conversations of one status, newest activity first; J/K move the focus, Enter opens the focused one. */
export function ConversationList({ status, selectedId, linkTo }: { status: ConversationStatus; selectedId: string | undefined; linkTo: (id: string) => string }) {
  const { t } = useTranslation();
  const list = useConversations(status);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const refs = useRef<(HTMLAnchorElement | null)[]>([]);

  const latest = useRef({ items, selectedId });
  latest.current = { items, selectedId };
  useEffect(() => {
    // In the capture phase, before the shell's single-key shortcuts; typing in the reply box is left alone.
    const onKey = (e: KeyboardEvent) => {
      const k = pageKey(e, ['j', 'k']);
      const { items: all, selectedId: sel } = latest.current;
      if (!k || !all.length) return;
      e.preventDefault();
      e.stopPropagation();
      const focused = refs.current.findIndex((el) => el && el === document.activeElement);
      const from = focused >= 0 ? focused : all.findIndex((c) => c.id === sel);
      const next = from < 0 ? 0 : k === 'j' ? Math.min(from + 1, all.length - 1) : Math.max(from - 1, 0);
      const el = refs.current[next];
      el?.focus({ preventScroll: true });
      el?.scrollIntoView({ block: 'nearest' });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  if (list.isPending) return <Center p="xl"><Loader size="sm" /></Center>;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  if (!items.length) {
    return (
      <Stack align="center" gap="xs" p="xl" ta="center" data-testid="inbox-empty">
        <Box c="gray.5"><IconInbox size={28} /></Box>
        <Text fw={600} fz="sm">{t(status === 'open' ? 'inbox.list.emptyOpenTitle' : 'inbox.list.emptyTitle')}</Text>
        <Text fz="sm" c="dimmed" maw={280}>{t(status === 'open' ? 'inbox.list.emptyOpen' : 'inbox.list.empty', { status: t(`inbox.status.${status}`) })}</Text>
      </Stack>
    );
  }
  return (
    <Box>
      <Box component="ul" aria-label={t('inbox.list.label', { status: t(`inbox.status.${status}`) })} m={0} p={0} style={{ listStyle: 'none' }} data-testid="conversation-list">
        {items.map((c, i) => (
          <li key={c.id}>
            <ConversationRow conversation={c} selected={c.id === selectedId} to={linkTo(c.id)} rowRef={(el) => { refs.current[i] = el; }} />
          </li>
        ))}
      </Box>
      {list.hasNextPage && (
        <Center p="md">
          <Button variant="default" size="xs" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="load-more">{t('common.loadMore')}</Button>
        </Center>
      )}
    </Box>
  );
}

function ConversationRow({ conversation: c, selected, to, rowRef }: { conversation: Conversation; selected: boolean; to: string; rowRef: (el: HTMLAnchorElement | null) => void }) {
  const { t } = useTranslation();
  const name = c.author?.displayName || c.author?.handle || t('inbox.unknownAuthor');
  const waiting = awaitsAnswer(c);
  return (
    <Link
      to={to}
      ref={rowRef}
      className={classes.row}
      data-selected={selected || undefined}
      aria-current={selected ? 'true' : undefined}
      data-testid="conversation-row"
      data-status={c.status}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        {c.network ? <NetworkIcon network={c.network} size={32} /> : <Box c="gray.5" w={32}><IconUser size={20} /></Box>}
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              {waiting && <Box w={8} h={8} style={{ borderRadius: 8, background: 'var(--mantine-color-brand-6)', flexShrink: 0 }} aria-label={t('inbox.list.awaitsAnswer')} role="img" data-testid="awaits-answer" />}
              <Text fz="sm" fw={waiting ? 700 : 500} truncate data-testid="conversation-author">{name}</Text>
            </Group>
            <Tooltip label={formatDateTime(c.lastMessageAt)} openDelay={400}>
              <Text fz="xs" c={waiting ? 'brand.7' : 'dimmed'} fw={waiting ? 600 : 400} style={{ flexShrink: 0 }}>{formatRelative(c.lastMessageAt, Date.now(), true)}</Text>
            </Tooltip>
          </Group>
          {c.subject && c.subject !== c.preview && <Text fz="xs" fw={600} c="gray.8" truncate>{c.subject}</Text>}
          <Text fz="sm" c={waiting ? 'gray.8' : 'gray.6'} lineClamp={2} data-testid="conversation-preview">{c.preview ?? t('inbox.noText')}</Text>
          <Group gap={4} mt={6} wrap="nowrap" style={{ overflow: 'hidden' }}>
            <Text fz={11} c="dimmed" style={{ flexShrink: 0 }}>{t(c.kind === 'public' ? 'inbox.kind.publicShort' : 'inbox.kind.privateShort')}</Text>
            <ClassBadges sentiment={c.sentiment} intent={c.intent} />
          </Group>
        </Box>
      </Group>
    </Link>
  );
}
