import { Badge, Box, Button, Group, Loader, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { useRoom, useRoomMutations } from '../../api/rooms.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { RoomDocuments } from './room-documents.tsx';
import { RoomFeed } from './room-feed.tsx';
import { RoomMembers } from './room-members.tsx';
import { RoomNotes } from './room-notes.tsx';

const TABS = ['feed', 'documents', 'notes', 'members'] as const;

/** One room: feed, documents, notes and members as tabs (the tab is in the URL). */
export function RoomPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [sp, setSp] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(sp.get('tab') ?? '') ? sp.get('tab')! : 'feed';
  const room = useRoom(id);
  const { join } = useRoomMutations();
  if (room.isLoading) return <Box p="xl"><Loader /></Box>;
  if (room.error || !room.data) return <Box p="xl"><QueryError error={room.error} /></Box>;
  const r = room.data;
  return (
    <Box pb="xl" maw={1000}>
      <PageHeader title={r.name} subtitle={r.description ?? undefined}
        actions={<Group gap="xs">
          <Badge variant="light" color={r.visibility === 'private' ? 'grape' : 'teal'}>{t(`rooms.visibility.${r.visibility}`)}</Badge>
          {r.archived && <Badge color="gray">{t('rooms.archived')}</Badge>}
          {r.abilities.join && <Button size="xs" onClick={() => join.mutate(r.id)} loading={join.isPending} data-testid="join-room">{t('rooms.join')}</Button>}
        </Group>} />
      <Box px="xl">
        <Tabs value={tab} onChange={(v) => setSp(v && v !== 'feed' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
          <Tabs.List mb="md">
            {TABS.map((k) => <Tabs.Tab key={k} value={k}>{t(`rooms.tabs.${k}`)}</Tabs.Tab>)}
          </Tabs.List>
          <Tabs.Panel value="feed"><RoomFeed room={r} /></Tabs.Panel>
          <Tabs.Panel value="documents"><RoomDocuments room={r} /></Tabs.Panel>
          <Tabs.Panel value="notes"><RoomNotes room={r} /></Tabs.Panel>
          <Tabs.Panel value="members"><RoomMembers room={r} /></Tabs.Panel>
        </Tabs>
      </Box>
    </Box>
  );
}
