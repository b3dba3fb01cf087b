import { Box, Center, Group, Loader, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useInboxViews, type InboxFilters } from '../../api/inbox-views.ts';
import { useSession } from '../../api/session.tsx';
import { IconInbox } from '../../components/icons.tsx';
import { Key } from '../../components/kbd.tsx';
import { ShortcutHelp } from '../inbox-views/shortcut-help.tsx';
import { adHocFilters, DEFAULT_VIEW, effectiveFilters } from '../inbox-views/url-filters.ts';
import { FilterBar, useViewName, ViewTabs } from '../inbox-views/views-bar.tsx';
import { ConversationList } from './conversation-list.tsx';
import { CustomerSidebar } from './customer-sidebar.tsx';
import classes from './inbox.module.css';
import { pageKey, typedKey } from './keys.ts';
import { Thread } from './thread.tsx';

// Without its views (their endpoint failing), the inbox still lists the open conversations.
const FALLBACK: InboxFilters = { status: ['open'] };

/** The inbox (/inbox, /inbox/:id): views and filters over the conversation list, the open thread and the customer beside it. */
export function InboxPage() {
  const { can } = useSession();
  if (!can('inbox:read') && !can('inbox:consulted')) return <Navigate to="/people" replace />;
  return <Inbox />;
}

function Inbox() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { id } = useParams<{ id?: string }>();
  const [sp] = useSearchParams();
  const navigate = useNavigate();
  // Experts see only the conversations they were asked into: no views, filters or bulk actions, just their list.
  const organize = can('inbox:read');
  const views = useInboxViews(organize);
  const viewId = sp.get('view') ?? DEFAULT_VIEW;
  const view = views.data?.find((v) => v.id === viewId) ?? views.data?.find((v) => v.id === DEFAULT_VIEW);
  const viewName = useViewName();
  const spKey = sp.toString();
  // Keyed by the address's text: the URLSearchParams object is new on every render.
  const filters: InboxFilters = useMemo(() => (organize ? effectiveFilters(view, new URLSearchParams(spKey)) : {}), [organize, view, spKey]);
  const search = spKey ? `?${spKey}` : '';
  const linkTo = useCallback((cid: string) => `/inbox/${cid}${search}`, [search]);
  const reply = useRef<HTMLTextAreaElement>(null);
  const listPane = useRef<HTMLDivElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const [help, setHelp] = useState(false);

  // R writes a reply; # or / search the list; G then I comes back to the list; ? shows every key.
  useEffect(() => {
    let g = 0;
    const onKey = (e: KeyboardEvent) => {
      const stop = () => { e.preventDefault(); e.stopPropagation(); };
      if (pageKey(e, ['r']) && reply.current) { stop(); reply.current.focus(); return; }
      const typed = typedKey(e, ['#', '/', '?']);
      if (typed === '?') { stop(); setHelp(true); return; }
      if (typed && searchBox.current) { stop(); searchBox.current.focus(); searchBox.current.select(); return; }
      const k = pageKey(e, ['g', 'i']);
      if (k === 'g') { g = Date.now(); stop(); return; }
      if (k === 'i' && Date.now() - g < 1500) {
        stop();
        g = 0;
        navigate('/inbox');
        setTimeout(() => listPane.current?.querySelector<HTMLElement>('[data-testid="conversation-row"]')?.focus(), 50);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [navigate]);
  const backToList = () => {
    const row = listPane.current?.querySelector<HTMLElement>('[aria-current="true"]') ?? listPane.current?.querySelector<HTMLElement>('[data-testid="conversation-row"]');
    row?.focus();
  };

  const filtered = Object.keys(adHocFilters(sp)).length > 0;
  // An expert's list holds the conversations they were asked into (experts/): its own empty state.
  const emptyTitle = !organize ? t('experts.inbox.emptyTitle') : filtered ? t('organize.empty.filteredTitle') : viewId === DEFAULT_VIEW ? t('inbox.list.emptyOpenTitle') : t('organize.empty.viewTitle');
  const emptyText = !organize ? t('experts.inbox.empty') : filtered ? t('organize.empty.filtered') : viewId === DEFAULT_VIEW ? t('inbox.list.emptyOpen') : t('organize.empty.view', { view: view ? viewName(view) : '' });

  return (
    <Box className={classes.panes} data-testid="inbox">
      <Box className={classes.pane} ref={listPane} component="section" aria-labelledby="inbox-title">
        <Box px="md" pt="md" style={{ borderBottom: '1px solid var(--parley-border)' }}>
          <Group justify="space-between" align="center" mb={6}>
            <Title order={1} fz={20} fw={700} lts={-0.2} id="inbox-title">{t('inbox.title')}</Title>
          </Group>
          {organize && views.data && <ViewTabs views={views.data} current={view?.id ?? DEFAULT_VIEW} />}
          {organize && <FilterBar ref={searchBox} view={view} filters={filters} />}
        </Box>
        <Box className={classes.scroll}>
          {/* The list waits for the views (a moment): it would otherwise first list everything, then the view. */}
          {organize && views.isPending ? <Center p="xl"><Loader size="sm" /></Center> : (
            <ConversationList key={organize ? `${view?.id ?? ''}` : 'consulted'} filters={organize && views.isError ? { ...FALLBACK, ...filters } : filters} selectedId={id} linkTo={linkTo}
              organize={organize} emptyTitle={emptyTitle} emptyText={emptyText} />
          )}
        </Box>
        <Group gap={5} px="md" py={8} fz="xs" style={{ borderTop: '1px solid var(--parley-border)' }} aria-label={t('inbox.keys.label')} data-testid="inbox-keys">
          <Key>J</Key><Key>K</Key><Text fz="xs" c="dimmed" mr={6}>{t('inbox.keys.move')}</Text>
          <Key>Enter</Key><Text fz="xs" c="dimmed" mr={6}>{t('inbox.keys.open')}</Text>
          <Key>R</Key><Text fz="xs" c="dimmed" mr={6}>{t('inbox.keys.reply')}</Text>
          <UnstyledButton onClick={() => setHelp(true)} aria-label={t('organize.keys.title')} data-testid="keys-help"><Key>?</Key></UnstyledButton>
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
      <ShortcutHelp opened={help} onClose={() => setHelp(false)} />
    </Box>
  );
}
