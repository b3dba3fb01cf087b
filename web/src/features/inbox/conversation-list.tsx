import { Box, Button, Center, Checkbox, Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Conversation } from '../../api/inbox.ts';
import { useFilteredConversations, type InboxFilters } from '../../api/inbox-views.ts';
import { formatDateTime, formatRelative } from '../../components/format.ts';
import { IconClock, IconInbox, IconUser } from '../../components/icons.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { NetworkIcon } from '../identities/network.tsx';
import { BulkBar, useRunBulk } from '../inbox-views/bulk-bar.tsx';
import { CustomStatusBadge, LabelChips } from '../inbox-views/chips.tsx';
import classes from './inbox.module.css';
import { pageKey } from './keys.ts';
import { awaitsAnswer, ClassBadges } from './labels.tsx';
import { SlaBadge } from '../sla/sla-badge.tsx';

/**
 * The conversations of a view, newest activity first (or as the view sorts). J/K move the focus, Enter opens; with
 * `organize`, X selects (Shift-click a range), E resolves, S snoozes and L labels the selection (or the focused one).
 */
export function ConversationList({ filters, selectedId, linkTo, organize, emptyTitle, emptyText }: {
  filters: InboxFilters; selectedId: string | undefined; linkTo: (id: string) => string; organize: boolean; emptyTitle: string; emptyText: string;
}) {
  const { t } = useTranslation();
  const list = useFilteredConversations(filters);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const refs = useRef<(HTMLAnchorElement | null)[]>([]);
  const [checked, setChecked] = useState<string[]>([]);
  const anchor = useRef<number | null>(null);
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const [labelOpen, setLabelOpen] = useState(false);
  const { run } = useRunBulk(() => setChecked([]));
  // Selections of conversations that left the list (resolved, snoozed elsewhere) are dropped.
  const visible = checked.filter((id) => items.some((c) => c.id === id));

  const toggle = (index: number, range: boolean) => {
    const id = items[index]?.id;
    if (!id) return;
    setChecked((prev) => {
      if (range && anchor.current !== null) {
        const [from, to] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
        return [...new Set([...prev, ...items.slice(from, to + 1).map((c) => c.id)])];
      }
      return prev.includes(id) ? prev.filter((x) => x !== id) : [...prev, id];
    });
    anchor.current = index;
  };

  const latest = useRef({ items, selectedId, visible, organize, toggle, run });
  latest.current = { items, selectedId, visible, organize, toggle, run };
  useEffect(() => {
    // In the capture phase, before the shell's single-key shortcuts; typing in the reply box is left alone.
    const onKey = (e: KeyboardEvent) => {
      const k = pageKey(e, ['j', 'k', 'x', 'e', 's', 'l']);
      const { items: all, selectedId: sel, visible: picked, organize: may, toggle: flip, run: bulk } = latest.current;
      if (!k || !all.length || (k !== 'j' && k !== 'k' && !may)) return;
      e.preventDefault();
      e.stopPropagation();
      const focused = refs.current.findIndex((el) => el && el === document.activeElement);
      const current = focused >= 0 ? focused : all.findIndex((c) => c.id === sel);
      if (k === 'j' || k === 'k') {
        const next = current < 0 ? 0 : k === 'j' ? Math.min(current + 1, all.length - 1) : Math.max(current - 1, 0);
        const el = refs.current[next];
        el?.focus({ preventScroll: true });
        el?.scrollIntoView({ block: 'nearest' });
        return;
      }
      if (k === 'x') { if (current >= 0) flip(current, false); return; }
      // E, S and L act on the selection, or on the focused (else the open) conversation when nothing is selected.
      const targets = picked.length ? picked : current >= 0 ? [all[current]!.id] : [];
      if (!targets.length) return;
      if (k === 'e') { bulk(targets, { type: 'status', status: 'resolved' }); return; }
      if (!picked.length) setChecked(targets);
      if (k === 's') setSnoozeOpen(true);
      if (k === 'l') setLabelOpen(true);
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
        <Text fw={600} fz="sm">{emptyTitle}</Text>
        <Text fz="sm" c="dimmed" maw={280}>{emptyText}</Text>
      </Stack>
    );
  }
  const allChecked = visible.length === items.length;
  return (
    <Box>
      {organize && (visible.length > 0 ? (
        <BulkBar ids={visible} onClear={() => setChecked([])} snoozeOpen={snoozeOpen} setSnoozeOpen={setSnoozeOpen} labelOpen={labelOpen} setLabelOpen={setLabelOpen} />
      ) : (
        <Group px="md" py={4} style={{ borderBottom: '1px solid var(--parley-border)' }}>
          <Checkbox size="xs" label={<Text fz="xs" c="dimmed">{t('organize.bulk.selectAll')}</Text>} checked={false} onChange={() => setChecked(items.map((c) => c.id))} data-testid="select-all" />
        </Group>
      ))}
      {organize && visible.length > 0 && (
        <Group px="md" py={4} style={{ borderBottom: '1px solid var(--parley-border)' }}>
          <Checkbox size="xs" label={<Text fz="xs" c="dimmed">{t('organize.bulk.selectAll')}</Text>} checked={allChecked} indeterminate={!allChecked}
            onChange={() => setChecked(allChecked ? [] : items.map((c) => c.id))} data-testid="select-all" />
        </Group>
      )}
      <Box component="ul" aria-label={t('organize.listLabel')} m={0} p={0} style={{ listStyle: 'none' }} data-testid="conversation-list">
        {items.map((c, i) => (
          <li key={c.id} style={{ display: 'flex', alignItems: 'stretch', position: 'relative' }}>
            {organize && (
              <Box pl={10} pt={14} style={{ borderBottom: '1px solid var(--parley-border)' }} data-selected-row={visible.includes(c.id) || undefined}>
                <Checkbox size="xs" checked={visible.includes(c.id)} aria-label={t('organize.bulk.select', { name: c.author?.displayName || c.author?.handle || t('inbox.unknownAuthor') })}
                  onChange={() => undefined} onClick={(e) => toggle(i, e.shiftKey)} tabIndex={-1} data-testid="row-check" />
              </Box>
            )}
            <Box style={{ flex: 1, minWidth: 0 }}>
              <ConversationRow conversation={c} selected={c.id === selectedId} checked={visible.includes(c.id)} to={linkTo(c.id)} rowRef={(el) => { refs.current[i] = el; }} />
            </Box>
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

function ConversationRow({ conversation: c, selected, checked, to, rowRef }: { conversation: Conversation; selected: boolean; checked: boolean; to: string; rowRef: (el: HTMLAnchorElement | null) => void }) {
  const { t } = useTranslation();
  const name = c.author?.displayName || c.author?.handle || t('inbox.unknownAuthor');
  const waiting = awaitsAnswer(c);
  return (
    <Link
      to={to}
      ref={rowRef}
      className={classes.row}
      data-selected={selected || undefined}
      data-checked={checked || undefined}
      aria-current={selected ? 'true' : undefined}
      data-testid="conversation-row"
      data-status={c.status}
      data-id={c.id}
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
          {/* Badges wrap in the narrow list pane rather than being cut off. */}
          <Group gap={4} mt={6} wrap="wrap" style={{ rowGap: 4 }}>
            <SlaBadge sla={c.sla} />
            <Text fz={11} c="dimmed" style={{ flexShrink: 0 }}>{t(c.kind === 'public' ? 'inbox.kind.publicShort' : 'inbox.kind.privateShort')}</Text>
            <CustomStatusBadge id={c.customStatusId} />
            <ClassBadges sentiment={c.sentiment} intent={c.intent} />
            {c.priority === 'urgent' || c.priority === 'high' ? <Text fz={11} fw={700} c={c.priority === 'urgent' ? 'red.7' : 'orange.7'} style={{ flexShrink: 0 }} data-testid="priority-mark">{t(`organize.priority.${c.priority}`)}</Text> : null}
            {c.snoozedUntil && (
              <Tooltip label={t('organize.snooze.until', { defaultValue: '' }) + ' ' + formatDateTime(c.snoozedUntil)}>
                <Box c="violet.6" style={{ flexShrink: 0, display: 'flex' }} data-testid="row-snoozed"><IconClock size={12} /></Box>
              </Tooltip>
            )}
          </Group>
          {(c.labels.length > 0 || c.hashtags.length > 0) && <Box mt={6}><LabelChips labels={c.labels} hashtags={c.hashtags.slice(0, 3)} /></Box>}
        </Box>
      </Group>
    </Link>
  );
}
