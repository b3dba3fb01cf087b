import { Box, Button, Center, EmptyState, Group, Loader, Paper, Select, Tabs, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useStream, type StreamKind } from '../../api/activity.ts';
import { useSession } from '../../api/session.tsx';
import { useTeams } from '../../api/settings.ts';
import { useUsers } from '../../api/users.ts';
import { IconHistory } from '../../components/icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { ActivityItem } from './activity-item.tsx';

const TYPES = ['contact', 'company', 'note', 'task', 'conversation', 'message', 'comment', 'room', 'room_post', 'document', 'room_note'] as const;
type Tab = 'me' | 'team' | 'workspace';

/** The stream page: what happened on the records I follow, in my team, in the whole workspace; filters; endless list. */
export function StreamPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [sp, setSp] = useSearchParams();
  const tab: Tab = (['me', 'team', 'workspace'] as const).find((x) => x === sp.get('tab')) ?? 'me';
  const teams = useTeams();
  const myTeams = (teams.data ?? []).filter((tm) => tm.members.some((m) => m.id === session.user.id));
  const teamId = sp.get('team') ?? myTeams[0]?.id ?? null;
  const { users } = useUsers();
  const [tagInput, setTagInput] = useState(sp.get('hashtag') ?? '');
  const [tagTyped] = useDebouncedValue(tagInput, 300);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(sp);
    if (v) next.set(k, v); else next.delete(k);
    setSp(next, { replace: true });
  };
  const filters = { type: sp.get('type') ?? undefined, person: sp.get('person') ?? undefined, hashtag: sp.get('hashtag') ?? undefined };
  const kind: StreamKind = tab === 'me' ? { kind: 'me' } : tab === 'workspace' ? { kind: 'workspace' } : { kind: 'team', teamId: teamId ?? '00000000-0000-4000-8000-000000000000' };
  const stream = useStream(kind, filters);
  const list = stream.data?.pages.flatMap((p) => p.items) ?? [];

  // Endless list: the next page loads when the end of the list comes into view.
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = end.current;
    if (!el) return;
    const io = new IntersectionObserver((e) => {
      if (e[0]?.isIntersecting && stream.hasNextPage && !stream.isFetchingNextPage) void stream.fetchNextPage();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [stream]);

  useEffect(() => {
    const tag = tagTyped.replace(/^#/, '').trim();
    if (tag !== (sp.get('hashtag') ?? '')) set('hashtag', tag || null);
  }, [tagTyped]);

  const noTeam = tab === 'team' && !teamId;
  return (
    <Box pb="xl" maw={900}>
      <PageHeader title={t('activity.title')} subtitle={t('activity.subtitle')} />
      <Box px="lg">
        <Tabs value={tab} onChange={(v) => set('tab', v && v !== 'me' ? v : null)} mb="md">
          <Tabs.List>
            <Tabs.Tab value="me">{t('activity.tabs.me')}</Tabs.Tab>
            <Tabs.Tab value="team">{t('activity.tabs.team')}</Tabs.Tab>
            <Tabs.Tab value="workspace">{t('activity.tabs.workspace')}</Tabs.Tab>
          </Tabs.List>
        </Tabs>
        <Group mb="sm" gap="sm" wrap="wrap">
          {tab === 'team' && myTeams.length > 1 && (
            <Select aria-label={t('activity.filters.team')} size="xs" w={180} data={myTeams.map((tm) => ({ value: tm.id, label: tm.name }))} value={teamId} onChange={(v) => set('team', v)} allowDeselect={false} />
          )}
          <Select aria-label={t('activity.filters.type')} placeholder={t('activity.filters.type')} size="xs" w={180} clearable
            data={TYPES.map((x) => ({ value: x, label: t(`activity.types.${x}`) }))} value={filters.type ?? null} onChange={(v) => set('type', v)} />
          <Select aria-label={t('activity.filters.person')} placeholder={t('activity.filters.person')} size="xs" w={200} clearable searchable
            data={users.map((u) => ({ value: u.id, label: u.name }))} value={filters.person ?? null} onChange={(v) => set('person', v)} />
          <TextInput aria-label={t('activity.filters.hashtag')} placeholder={t('activity.filters.hashtagPlaceholder')} size="xs" w={180}
            value={tagInput} onChange={(e) => setTagInput(e.currentTarget.value)} />
        </Group>
        <Paper withBorder shadow="xs">
          {noTeam ? (
            <EmptyState py={50} icon={<IconHistory size={26} />} variant="light" color="teal" title={t('activity.empty.noTeam')} description={t('activity.empty.noTeamText')} />
          ) : stream.isPending ? <Center p="xl"><Loader size="sm" /></Center> : stream.isError ? <QueryError error={stream.error} onRetry={() => void stream.refetch()} /> : list.length === 0 ? (
            <EmptyState py={50} icon={<IconHistory size={26} />} variant="light" color="teal" title={t(`activity.empty.${tab}`)} description={t(`activity.empty.${tab}Text`)} />
          ) : (
            <Box component="ul" m={0} p={0} aria-label={t('activity.title')}>
              {list.map((a) => <ActivityItem key={a.id} a={a} onHashtag={(tag) => setTagInput(tag)} />)}
            </Box>
          )}
          <div ref={end} />
          {stream.hasNextPage && (
            <Center p="sm"><Button variant="subtle" size="xs" onClick={() => void stream.fetchNextPage()} loading={stream.isFetchingNextPage}>{t('common.loadMore')}</Button></Center>
          )}
        </Paper>
      </Box>
    </Box>
  );
}
