import { Box, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams, useSearchParams } from 'react-router';
import type { ConversationStatus } from '../../api/inbox.ts';
import { useSession } from '../../api/session.tsx';
import { IconInbox } from '../../components/icons.tsx';
import { Key } from '../../components/kbd.tsx';
import { ConversationList } from './conversation-list.tsx';
import { CustomerSidebar } from './customer-sidebar.tsx';
import classes from './inbox.module.css';
import { pageKey } from './keys.ts';
import { Thread } from './thread.tsx';

// The tabs of the list; "waiting" is waiting on the customer (waiting on an expert comes with consults).
const TABS = ['open', 'pending', 'waiting_customer', 'resolved'] as const satisfies readonly ConversationStatus[];
type Tab = (typeof TABS)[number];

/** The inbox (/inbox, /inbox/:id): conversation list, the open thread and the customer beside it. */
export function InboxPage() {
  const { can } = useSession();
  if (!can('inbox:read')) return <Navigate to="/people" replace />;
  return <Inbox />;
}

function Inbox() {
  const { t } = useTranslation();
  const { id } = useParams<{ id?: string }>();
  const [sp, setSp] = useSearchParams();
  const status: Tab = TABS.includes(sp.get('status') as Tab) ? (sp.get('status') as Tab) : 'open';
  const search = status === 'open' ? '' : `?status=${status}`;
  const linkTo = useCallback((cid: string) => `/inbox/${cid}${search}`, [search]);
  const reply = useRef<HTMLTextAreaElement>(null);
  const listPane = useRef<HTMLDivElement>(null);

  // R writes a reply to the open conversation; Escape in the reply box goes back to the list.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (pageKey(e, ['r']) && reply.current) {
        e.preventDefault();
        e.stopPropagation();
        reply.current.focus();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  const backToList = () => {
    const row = listPane.current?.querySelector<HTMLElement>('[aria-current="true"]') ?? listPane.current?.querySelector<HTMLElement>('a');
    row?.focus();
  };

  return (
    <Box className={classes.panes} data-testid="inbox">
      <Box className={classes.pane} ref={listPane} component="section" aria-labelledby="inbox-title">
        <Box px="md" pt="md" style={{ borderBottom: '1px solid var(--parley-border)' }}>
          <Group justify="space-between" align="center" mb={6}>
            <Title order={1} fz={20} fw={700} lts={-0.2} id="inbox-title">{t('inbox.title')}</Title>
          </Group>
          <Tabs value={status} onChange={(v) => setSp(v && v !== 'open' ? { status: v } : {}, { replace: true })} keepMounted={false}>
            <Tabs.List style={{ flexWrap: 'nowrap' }} aria-label={t('inbox.list.tabsLabel')}>
              {TABS.map((s) => (
                <Tabs.Tab key={s} value={s} px={10} fz="sm" data-testid={`inbox-tab-${s}`}>{t(`inbox.tabs.${s}`)}</Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
        </Box>
        <Box className={classes.scroll}>
          <ConversationList key={status} status={status} selectedId={id} linkTo={linkTo} />
        </Box>
        <Group gap={5} px="md" py={8} fz="xs" style={{ borderTop: '1px solid var(--parley-border)' }} aria-label={t('inbox.keys.label')} data-testid="inbox-keys">
          <Key>J</Key><Key>K</Key><Text fz="xs" c="dimmed" mr={6}>{t('inbox.keys.move')}</Text>
          <Key>Enter</Key><Text fz="xs" c="dimmed" mr={6}>{t('inbox.keys.open')}</Text>
          <Key>R</Key><Text fz="xs" c="dimmed">{t('inbox.keys.reply')}</Text>
        </Group>
      </Box>

      <Box className={classes.pane} component="section" aria-label={t('inbox.thread.label')} data-testid="thread">
        {id ? <Thread key={id} id={id} ref={reply} onLeaveReply={backToList} /> : (
          <Stack align="center" justify="center" h="100%" gap="xs" p="xl" ta="center" data-testid="thread-none">
            <Box c="gray.4"><IconInbox size={40} /></Box>
            <Text fw={600}>{t('inbox.thread.noneTitle')}</Text>
            <Text fz="sm" c="dimmed" maw={360}>{t('inbox.thread.none')}</Text>
          </Stack>
        )}
      </Box>

      <Box className={`${classes.pane} ${classes.side}`}>
        <Box className={classes.scroll}>
          {id ? <CustomerSidebar key={id} conversationId={id} linkTo={linkTo} /> : <Text fz="sm" c="dimmed" p="lg">{t('inbox.side.none')}</Text>}
        </Box>
      </Box>
    </Box>
  );
}
