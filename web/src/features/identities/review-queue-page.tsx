import { Anchor, Avatar, Badge, Box, Button, Center, EmptyState, Grid, Group, Loader, Paper, Progress, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../api/session.tsx';
import type { Contact } from '../../api/types.ts';
import { colorFor, formatDate, formatDateTime, formatNumber, formatRelative, initials } from '../../components/format.ts';
import { IconBuilding, IconCake, IconCheck, IconLink, IconMail, IconMapPin, IconMerge, IconPhone, IconX } from '../../components/icons.tsx';
import { Key } from '../../components/kbd.tsx';
import { notify } from '../../components/notifications.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { formatAddress, percentOf } from '../records/describe-change.ts';
import { identityName } from './identities-panel.tsx';
import { useDecideMatch, useMatchQueue, useRunResolution, type MatchCandidate, type MatchStatus, type MatchSubject } from './identities-api.ts';
import { MatchExplanation } from './match-explanation.tsx';
import { NetworkIcon, useNetworkLabel } from './network.tsx';

type Tab = 'identities' | 'people' | 'decided';
const TABS: readonly Tab[] = ['identities', 'people', 'decided'];

/** The review queue (/matches): proposed identity links and probable duplicate people, decided one by one. */
export function ReviewQueuePage() {
  const { can } = useSession();
  if (!can('matches:review')) return <Navigate to="/people" replace />;
  return <ReviewQueue />;
}

function ReviewQueue() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const tab: Tab = TABS.includes(sp.get('tab') as Tab) ? (sp.get('tab') as Tab) : 'identities';
  const decided: MatchStatus = sp.get('decided') === 'rejected' ? 'rejected' : 'linked';
  const status: MatchStatus = tab === 'decided' ? decided : 'open';
  const subject: MatchSubject | undefined = tab === 'identities' ? 'identity' : tab === 'people' ? 'contact' : undefined;
  const queue = useMatchQueue(status, subject);
  const run = useRunResolution();
  const openCount = queue.data?.pages[0]?.openCount;

  const setParam = (k: string, v: string | null) => setSp((p) => {
    const next = new URLSearchParams(p);
    if (v === null) next.delete(k);
    else next.set(k, v);
    return next;
  }, { replace: true });

  const startRun = async () => {
    try {
      await run.mutateAsync();
      notify({ kind: 'success', message: t('identities.queue.runStarted') });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Box pb="xl" maw={1240}>
      <PageHeader
        title={t('identities.queue.title')}
        subtitle={openCount !== undefined ? t('identities.queue.openCount', { count: openCount }) : undefined}
        actions={(
          <Stack gap={2} align="flex-end">
            <Button variant="default" leftSection={<IconLink size={16} />} onClick={() => void startRun()} loading={run.isPending} data-testid="run-resolution">
              {t('identities.queue.run')}
            </Button>
            <Text fz="xs" c="dimmed">{t('identities.queue.runHint')}</Text>
          </Stack>
        )}
      />
      <Box px="lg">
        <Tabs value={tab} onChange={(v) => setParam('tab', v === 'identities' ? null : v)} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="identities" data-testid="tab-identities">{t('identities.queue.tabs.identities')}</Tabs.Tab>
            <Tabs.Tab value="people" data-testid="tab-people">{t('identities.queue.tabs.people')}</Tabs.Tab>
            <Tabs.Tab value="decided" data-testid="tab-decided">{t('identities.queue.tabs.decided')}</Tabs.Tab>
          </Tabs.List>
        </Tabs>
        <Group justify="space-between" mb="sm" gap="sm">
          {tab === 'decided' ? (
            <SegmentedControl size="xs" value={decided} onChange={(v) => setParam('decided', v === 'linked' ? null : v)}
              data={[{ value: 'linked', label: t('identities.queue.decidedLinked') }, { value: 'rejected', label: t('identities.queue.decidedRejected') }]} />
          ) : <span />}
          {queue.data?.pages.some((p) => p.items.length > 0) && <KeyHint decided={tab === 'decided'} people={tab === 'people'} />}
        </Group>
        {queue.isPending ? <Center p="xl"><Loader size="sm" /></Center>
          : queue.isError ? <QueryError error={queue.error} onRetry={() => void queue.refetch()} />
            : (
              <CardList
                key={`${tab}:${status}`}
                items={queue.data.pages.flatMap((p) => p.items)}
                decided={tab === 'decided'}
                more={queue.hasNextPage ? (
                  <Center mt="md">
                    <Button variant="default" size="xs" onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage} data-testid="load-more">{t('common.loadMore')}</Button>
                  </Center>
                ) : null}
              />
            )}
      </Box>
    </Box>
  );
}

function KeyHint({ decided, people }: { decided: boolean; people: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} fz="xs" c="dimmed" aria-label={t('identities.queue.keysLabel')} data-testid="key-hint">
      <Key>J</Key><Key>K</Key><Text fz="xs" c="dimmed" mr={6}>{t('identities.queue.keyMove')}</Text>
      {!decided && (
        <>
          <Key>L</Key><Text fz="xs" c="dimmed" mr={6}>{people ? t('identities.queue.merge') : t('identities.queue.link')}</Text>
          <Key>N</Key><Text fz="xs" c="dimmed">{t('identities.queue.notMatch')}</Text>
        </>
      )}
    </Group>
  );
}

// Keys that mean something here; typing in a field or a dialog is left alone.
function pageKey(e: KeyboardEvent): 'j' | 'k' | 'l' | 'n' | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return null;
  const k = e.key.toLowerCase();
  if (k !== 'j' && k !== 'k' && k !== 'l' && k !== 'n') return null;
  const el = e.target instanceof HTMLElement ? e.target : null;
  if (el && (el.isContentEditable || el.closest('input, textarea, select, [role="dialog"], [role="menu"], [role="listbox"]'))) return null;
  if (document.querySelector('[role="dialog"]')) return null;
  return k;
}

function CardList({ items, decided, more }: { items: MatchCandidate[]; decided: boolean; more: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const decide = useDecideMatch();
  // Decided cards leave at once, before the list is asked for again (and cannot be decided twice).
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const visible = useMemo(() => items.filter((m) => !gone.has(m.id)), [items, gone]);
  const [active, setActive] = useState(0);
  const refs = useRef<(HTMLDivElement | null)[]>([]);
  const index = Math.min(active, Math.max(visible.length - 1, 0));

  const act = async (m: MatchCandidate, action: 'link' | 'reject') => {
    if (action === 'link' && m.subjectType === 'contact') {
      if (m.subjectContact && m.contact) navigate(`/duplicates/merge?a=${m.subjectContact.id}&b=${m.contact.id}`);
      return;
    }
    if (!m.contact) return;
    setGone((g) => new Set(g).add(m.id));
    // The next proposal takes the decided one's place, and the focus with it.
    requestAnimationFrame(() => {
      if (!document.activeElement || document.activeElement === document.body) refs.current[index]?.focus({ preventScroll: true });
    });
    try {
      await decide.mutateAsync({ match: m, decision: action === 'link' ? 'confirm' : 'reject' });
      notify({ kind: 'success', message: action === 'link' ? t('identities.queue.linked', { name: m.contact?.displayName ?? '' }) : t('identities.queue.rejected') });
    } catch (err) {
      setGone((g) => {
        const next = new Set(g);
        next.delete(m.id);
        return next;
      });
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  // Focus follows the active card, so that the keys and a screen reader agree on which proposal is meant.
  const focus = (i: number) => {
    setActive(i);
    const el = refs.current[i];
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };

  const latest = useRef({ visible, index, decided, act, focus });
  latest.current = { visible, index, decided, act, focus };
  useEffect(() => {
    // In the capture phase, before the shell's own single-key shortcuts (N there makes a new person).
    const onKey = (e: KeyboardEvent) => {
      const k = pageKey(e);
      const s = latest.current;
      if (!k || !s.visible.length) return;
      if ((k === 'l' || k === 'n') && s.decided) return;
      e.preventDefault();
      e.stopPropagation();
      if (k === 'j') s.focus(Math.min(s.index + 1, s.visible.length - 1));
      else if (k === 'k') s.focus(Math.max(s.index - 1, 0));
      else void s.act(s.visible[s.index]!, k === 'l' ? 'link' : 'reject');
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  if (!visible.length) {
    return (
      <Paper withBorder data-testid="queue-empty">
        <EmptyState py={60} icon={<IconCheck size={26} />} variant="light" color="teal"
          title={decided ? t('identities.queue.emptyDecidedTitle') : t('identities.queue.emptyTitle')}
          description={decided ? t('identities.queue.emptyDecided') : t('identities.queue.emptyText')} />
      </Paper>
    );
  }
  return (
    <Stack gap="sm" role="list" aria-label={t('identities.queue.listLabel')}>
      {visible.map((m, i) => (
        <MatchCard
          key={m.id}
          match={m}
          active={i === index}
          position={{ index: i + 1, count: visible.length }}
          cardRef={(el) => { refs.current[i] = el; }}
          onFocus={() => setActive(i)}
          onAct={decided ? undefined : (a) => void act(m, a)}
          busy={decide.isPending && decide.variables?.match.id === m.id}
        />
      ))}
      {more}
    </Stack>
  );
}

function MatchCard({ match: m, active, position, cardRef, onFocus, onAct, busy }: {
  match: MatchCandidate;
  active: boolean;
  position: { index: number; count: number };
  cardRef: (el: HTMLDivElement | null) => void;
  onFocus: () => void;
  onAct?: (action: 'link' | 'reject') => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const networkLabel = useNetworkLabel();
  const pct = percentOf(m.probability);
  const people = m.subjectType === 'contact';
  const merged = people && (!m.subjectContact || !m.contact || !!m.subjectContact.mergedInto || !!m.contact.mergedInto);
  const left = m.identity ? `${networkLabel(m.identity.network)} ${identityName(m.identity)}` : m.subjectContact?.displayName ?? '—';
  const right = m.contact?.displayName ?? '—';
  const color = pct >= 90 ? 'teal' : pct >= 70 ? 'yellow' : 'orange';
  return (
    <Paper
      withBorder
      p="md"
      ref={cardRef}
      tabIndex={0}
      onFocus={onFocus}
      role="listitem"
      aria-label={t('identities.queue.cardLabel', { index: position.index, count: position.count, left, right, pct })}
      data-testid="match-card"
      data-active={active || undefined}
      style={{
        outline: 'none',
        borderColor: active ? 'var(--mantine-color-indigo-4)' : undefined,
        boxShadow: active ? '0 0 0 3px var(--mantine-color-indigo-1)' : undefined,
      }}
    >
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SideLabel>{people ? t('identities.queue.personA') : t('identities.queue.identity')}</SideLabel>
          {m.identity ? <IdentitySide identity={m.identity} /> : m.subjectContact ? <PersonSide p={m.subjectContact} /> : <Text fz="sm" c="dimmed">{t('identities.queue.gone')}</Text>}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SideLabel>{t('identities.queue.probabilityShort')}</SideLabel>
          <Group gap="sm" wrap="nowrap" mt={4}>
            <Progress value={pct} color={color} size="lg" radius="xl" style={{ flex: 1 }} aria-label={t('identities.queue.probability')} data-testid="match-probability" />
            <Text fw={700} fz="lg" c={`${color}.8`} w={64} ta="right">{t('identities.percent', { pct })}</Text>
          </Group>
          {people && m.cluster && m.cluster.size > 2 && (
            <Badge mt="xs" variant="light" color="grape" data-testid="match-cluster" title={t('identities.queue.clusterHint')}>
              {t('identities.queue.cluster', { count: m.cluster.size })}
            </Badge>
          )}
          {m.status !== 'open' && <Decision match={m} />}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SideLabel>{people ? t('identities.queue.personB') : t('identities.queue.probablePerson')}</SideLabel>
          {m.contact ? <PersonSide p={m.contact} /> : <Text fz="sm" c="dimmed">{t('identities.queue.gone')}</Text>}
        </Grid.Col>
      </Grid>
      <Box mt="sm" pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
          <Box style={{ flex: 1, minWidth: 0 }}>
            <MatchExplanation fields={m.fields} sides={[people ? t('identities.queue.personA') : t('identities.queue.identity'), people ? t('identities.queue.personB') : t('identities.queue.person')]} />
          </Box>
          {onAct && (
            <Stack gap={6} style={{ flexShrink: 0 }} miw={160}>
              {people ? (
                <Button size="sm" leftSection={<IconMerge size={16} />} onClick={() => onAct('link')} disabled={merged} data-testid="match-merge">
                  {t('identities.queue.merge')}
                </Button>
              ) : (
                <Button size="sm" leftSection={<IconLink size={16} />} onClick={() => onAct('link')} loading={busy} disabled={!m.contact} data-testid="match-link">
                  {t('identities.queue.link')}
                </Button>
              )}
              <Button size="sm" variant="default" leftSection={<IconX size={16} />} onClick={() => onAct('reject')} disabled={busy} data-testid="match-reject">
                {t('identities.queue.notMatch')}
              </Button>
              {merged && <Text fz="xs" c="dimmed">{t('identities.queue.alreadyMerged')}</Text>}
            </Stack>
          )}
        </Group>
      </Box>
    </Paper>
  );
}

function SideLabel({ children }: { children: ReactNode }) {
  return <Text fz={11} fw={600} c="dimmed" tt="uppercase" lts={0.4} mb={6}>{children}</Text>;
}

function Decision({ match: m }: { match: MatchCandidate }) {
  const { t } = useTranslation();
  const by = m.decidedBy?.name ?? t('identities.panel.system');
  return (
    <Badge mt="sm" variant="light" color={m.status === 'linked' ? 'teal' : 'gray'} style={{ textTransform: 'none' }} title={formatDateTime(m.decidedAt)} data-testid="match-decision">
      {t(m.status === 'linked' ? 'identities.queue.decidedLinkedBy' : 'identities.queue.decidedRejectedBy', { by, when: formatRelative(m.decidedAt) })}
    </Badge>
  );
}

function Line({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Box c="gray.5" style={{ display: 'flex', flexShrink: 0 }}>{icon}</Box>
      <Text fz="xs" c="gray.7" truncate>{children}</Text>
    </Group>
  );
}

function IdentitySide({ identity: i }: { identity: NonNullable<MatchCandidate['identity']> }) {
  const { t } = useTranslation();
  const name = identityName(i);
  const followers = typeof i.profile.followers === 'number' ? i.profile.followers : null;
  const location = typeof i.profile.location === 'string' ? i.profile.location : null;
  const bio = typeof i.profile.bio === 'string' ? i.profile.bio : null;
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <NetworkIcon network={i.network} size={36} />
      <Box style={{ minWidth: 0 }}>
        {i.profileUrl
          ? <Anchor href={i.profileUrl} target="_blank" rel="noopener noreferrer" fz="sm" fw={600} truncate display="block">{name}</Anchor>
          : <Text fz="sm" fw={600} truncate>{name}</Text>}
        <Stack gap={2} mt={2}>
          {i.handle && i.handle !== name && <Text fz="xs" c="dimmed" truncate>{i.handle}</Text>}
          {followers !== null && <Text fz="xs" c="gray.7">{t('identities.panel.followers', { count: followers, formatted: formatNumber(followers) })}</Text>}
          {location && <Line icon={<IconMapPin size={13} />}>{location}</Line>}
          {bio && <Text fz="xs" c="gray.7" lineClamp={2}>{bio}</Text>}
          <Text fz="xs" c="dimmed">{t('identities.queue.seen', { first: formatDate(i.firstSeenAt), last: formatRelative(i.lastSeenAt) })}</Text>
        </Stack>
      </Box>
    </Group>
  );
}

function PersonSide({ p }: { p: Contact }) {
  const address = p.addresses[0] ? formatAddress(p.addresses[0]) : p.city;
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Avatar size={36} radius="xl" color={colorFor(p.displayName)} variant="light">{initials(p.displayName)}</Avatar>
      <Box style={{ minWidth: 0 }}>
        <Anchor component={Link} to={`/people/${p.id}`} fz="sm" fw={600} c="dark.7" truncate display="block">{p.displayName}</Anchor>
        <Stack gap={2} mt={2}>
          {p.emails.slice(0, 2).map((e) => <Line key={e.value} icon={<IconMail size={13} />}>{e.value}</Line>)}
          {p.phones[0] && <Line icon={<IconPhone size={13} />}>{p.phones[0].value}</Line>}
          {p.birthday && <Line icon={<IconCake size={13} />}>{formatDate(p.birthday)}</Line>}
          {p.company && <Line icon={<IconBuilding size={13} />}>{p.company.name}</Line>}
          {address && <Line icon={<IconMapPin size={13} />}>{address}</Line>}
        </Stack>
      </Box>
    </Group>
  );
}
