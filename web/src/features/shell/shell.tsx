import { AppShell, Box, Burger, Button, Group, NavLink, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { lazy, Suspense, useCallback, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, useLocation } from 'react-router';
import { useRealtimeConnection } from '../../api/realtime.ts';
import { useSession } from '../../api/session.tsx';
import { IconBuilding, IconCheck, IconChecklist, IconHistory, IconInbox, IconLink, IconMerge, IconPlus, IconSearch, IconSettings, IconTeam, IconUpload, IconUsers } from '../../components/icons.tsx';
import { Key, modKey } from '../../components/kbd.tsx';
import { Logo } from '../../components/logo.tsx';
import { ShellContext, type ShellActions } from './shell-context.ts';
import { PresenceMenu } from '../presence/presence-menu.tsx';
import { UserMenu } from './user-menu.tsx';
import { NotificationBell } from '../notifications/notification-bell.tsx';
import { useApprovalCount } from '../../api/replies.ts';

const GlobalSearch = lazy(() => import('./global-search.tsx').then((m) => ({ default: m.GlobalSearch })));
const CreatePersonModal = lazy(() => import('../contacts/create-person-modal.tsx').then((m) => ({ default: m.CreatePersonModal })));
const ShortcutsModal = lazy(() => import('./shortcuts-modal.tsx').then((m) => ({ default: m.ShortcutsModal })));

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  ability?: string;
}

/** The frame of every signed-in page: navigation, header with global search and user menu. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [navOpen, nav] = useDisclosure(false);
  const [searchOpen, setSearchOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [createPreset, setCreatePreset] = useState<{ companyId?: string; companyName?: string } | null>(null);
  const location = useLocation();
  useRealtimeConnection(); // the app's one live stream: lists and threads update without reload

  const actions = useMemo<ShellActions>(() => ({
    openSearch: () => setSearchOpen(true),
    createPerson: (preset) => setCreatePreset(preset ?? {}),
  }), []);
  const openSearch = useCallback(() => setSearchOpen(true), []);

  // Ctrl/⌘+K works everywhere, even while typing; the single-key shortcuts only outside text fields.
  useHotkeys([['mod+K', openSearch]], []);
  useHotkeys([
    ['/', openSearch],
    ['n', () => can('contacts:write') && setCreatePreset({})],
    ['shift+?', () => setShortcutsOpen(true)],
  ]);

  const approvals = useApprovalCount(can('replies:approve')); // held replies waiting for a manager
  const items: NavItem[] = [
    { to: '/inbox', label: t('inbox.nav'), icon: <IconInbox />, ability: 'inbox:read' },
    // Experts: the same inbox, holding only the conversations they were asked into.
    { to: '/inbox', label: t('inbox.nav'), icon: <IconInbox />, ability: 'inbox:consulted' },
    { to: '/approvals', label: approvals.data ? `${t('replies.approvals.nav')} (${approvals.data})` : t('replies.approvals.nav'), icon: <IconCheck />, ability: 'replies:approve' },
    { to: '/stream', label: t('activity.nav'), icon: <IconHistory /> },
    { to: '/people', label: t('nav.people'), icon: <IconUsers />, ability: 'contacts:read' },
    { to: '/companies', label: t('nav.companies'), icon: <IconBuilding />, ability: 'companies:read' },
    { to: '/tasks', label: t('nav.tasks'), icon: <IconChecklist />, ability: 'tasks:read' },
    { to: '/rooms', label: t('rooms.nav'), icon: <IconTeam />, ability: 'rooms:use' },
    { to: '/duplicates', label: t('nav.duplicates'), icon: <IconMerge />, ability: 'contacts:merge' },
    { to: '/matches', label: t('identities.nav'), icon: <IconLink />, ability: 'matches:review' },
    { to: '/import', label: t('nav.import'), icon: <IconUpload />, ability: 'contacts:import' },
  ];

  return (
    <ShellContext.Provider value={actions}>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
        padding={0}
        styles={{
          main: { background: 'var(--parley-bg)', minHeight: '100vh' },
          navbar: { background: '#fbfbfd', borderRight: '1px solid var(--parley-border)' },
          header: { borderBottom: '1px solid var(--parley-border)' },
        }}
      >
        <AppShell.Header>
          <Group h="100%" px="md" gap="md" wrap="nowrap">
            <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Box w={208} visibleFrom="sm">
              <Logo />
            </Box>
            <UnstyledButton
              onClick={openSearch}
              aria-label={t('search.open')}
              data-testid="global-search-trigger"
              style={{ flex: '0 1 460px', minWidth: 0 }}
            >
              <Group
                gap="sm"
                px="sm"
                h={38}
                wrap="nowrap"
                style={{ border: '1px solid var(--parley-border)', borderRadius: 'var(--mantine-radius-md)', background: 'var(--parley-bg)', color: 'var(--mantine-color-gray-6)' }}
              >
                <IconSearch size={16} />
                <Text fz="sm" c="dimmed" style={{ flex: 1 }} truncate>{t('search.placeholder')}</Text>
                <Group gap={3} visibleFrom="xs" wrap="nowrap">
                  <Key>{modKey}</Key>
                  <Key>K</Key>
                </Group>
              </Group>
            </UnstyledButton>
            <Group gap="sm" ml="auto" wrap="nowrap">
              {can('contacts:write') && (
                <Tooltip label={<Group gap={6}>{t('shortcuts.newPerson')}<Key>N</Key></Group>}>
                  <Button leftSection={<IconPlus size={16} />} onClick={() => setCreatePreset({})} visibleFrom="xs" data-testid="new-person">
                    {t('people.new')}
                  </Button>
                </Tooltip>
              )}
              <NotificationBell />
              <PresenceMenu />
              <UserMenu onShowShortcuts={() => setShortcutsOpen(true)} />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" aria-label={t('nav.main')}>
          <AppShell.Section grow component={ScrollArea}>
            <Stack gap={2}>
              {items.filter((i) => !i.ability || can(i.ability)).map((i) => (
                <NavLink
                  key={i.to}
                  component={RouterNavLink}
                  to={i.to}
                  label={i.label}
                  leftSection={i.icon}
                  className="parley-nav-link"
                  active={location.pathname === i.to || location.pathname.startsWith(`${i.to}/`)}
                  onClick={nav.close}
                />
              ))}
            </Stack>
          </AppShell.Section>
          <AppShell.Section>
            <NavLink
              component={RouterNavLink}
              to="/settings"
              label={t('nav.settings')}
              leftSection={<IconSettings />}
              className="parley-nav-link"
              active={location.pathname.startsWith('/settings')}
              onClick={nav.close}
            />
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main>{children}</AppShell.Main>
      </AppShell>
      <Suspense fallback={null}>
        {searchOpen && <GlobalSearch opened onClose={() => setSearchOpen(false)} />}
        {createPreset && <CreatePersonModal preset={createPreset} onClose={() => setCreatePreset(null)} />}
        {shortcutsOpen && <ShortcutsModal onClose={() => setShortcutsOpen(false)} />}
      </Suspense>
    </ShellContext.Provider>
  );
}
