import { Badge, Box, Button, Card, EmptyState, Group, Loader, Modal, SegmentedControl, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useRoomMutations, useRooms } from '../../api/rooms.ts';
import { IconPlus, IconTeam } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { errorMessage, QueryError } from '../../components/query-error.tsx';

/** Team rooms: the public rooms of the workspace and the private ones the user belongs to. */
export function RoomsPage() {
  const { t } = useTranslation();
  const rooms = useRooms();
  const [creating, setCreating] = useState(false);
  const list = rooms.data?.items ?? [];
  return (
    <Box pb="xl" maw={1100}>
      <PageHeader title={t('rooms.title')} subtitle={t('rooms.subtitle')}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-room">{t('rooms.new')}</Button>} />
      <Box px="xl">
        {rooms.isLoading ? <Loader /> : rooms.error ? <QueryError error={rooms.error} onRetry={() => void rooms.refetch()} /> : list.length === 0 ? (
          <EmptyState py={50} icon={<IconTeam size={26} />} variant="light" color="teal" title={t('rooms.empty')} description={t('rooms.emptyText')} />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {list.map((r) => (
              <Card key={r.id} withBorder component={Link} to={`/rooms/${r.id}`} data-testid="room-card" opacity={r.archived ? 0.6 : 1}>
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600} truncate>{r.name}</Text>
                  <Badge variant="light" color={r.visibility === 'private' ? 'grape' : 'teal'}>{t(`rooms.visibility.${r.visibility}`)}</Badge>
                </Group>
                {r.description && <Text c="dimmed" fz="sm" lineClamp={2} mt={4}>{r.description}</Text>}
                <Group gap="xs" mt="sm">
                  <Text fz="xs" c="dimmed">{t('rooms.memberCount', { count: r.memberCount })}</Text>
                  {r.myRole && <Badge size="xs" variant="outline">{t(`rooms.role.${r.myRole}`)}</Badge>}
                  {r.archived && <Badge size="xs" color="gray">{t('rooms.archived')}</Badge>}
                </Group>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </Box>
      <CreateRoomModal opened={creating} onClose={() => setCreating(false)} />
    </Box>
  );
}

function CreateRoomModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { create } = useRoomMutations();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const submit = async () => {
    try {
      const room = await create.mutateAsync({ name, description: description || null, visibility });
      onClose();
      setName(''); setDescription('');
      void navigate(`/rooms/${room.id}`);
    } catch (err) {
      notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('rooms.new')}>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack>
          <TextInput label={t('rooms.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus maxLength={120} />
          <Textarea label={t('rooms.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} />
          <Stack gap={4}>
            <SegmentedControl value={visibility} onChange={(v) => setVisibility(v as 'public' | 'private')}
              data={[{ value: 'public', label: t('rooms.visibility.public') }, { value: 'private', label: t('rooms.visibility.private') }]} />
            <Text fz="xs" c="dimmed">{t(`rooms.visibilityHint.${visibility}`)}</Text>
          </Stack>
          <Group justify="flex-end"><Button type="submit" loading={create.isPending} disabled={!name.trim()}>{t('rooms.create')}</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}
