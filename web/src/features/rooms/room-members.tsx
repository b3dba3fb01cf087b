import { ActionIcon, Badge, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoomMembers, useRoomMutations, type Room } from '../../api/rooms.ts';
import { useUsers } from '../../api/users.ts';
import { IconX } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';

/** A room's members; owners and admins add and remove them. */
export function RoomMembers({ room }: { room: Room }) {
  const { t } = useTranslation();
  const members = useRoomMembers(room.id);
  const { users } = useUsers();
  const { addMember, removeMember } = useRoomMutations();
  const [userId, setUserId] = useState<string | null>(null);
  const list = members.data?.items ?? [];
  const inRoom = new Set(list.map((m) => m.user.id));
  const run = (p: Promise<unknown>) => p.catch((err) => notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) }));
  return (
    <Stack>
      {room.abilities.manage && (
        <Group align="flex-end">
          <Select label={t('rooms.members.add')} searchable value={userId} onChange={setUserId} w={280}
            data={users.filter((u) => !inRoom.has(u.id)).map((u) => ({ value: u.id, label: u.name }))} />
          <Button disabled={!userId} onClick={() => { if (userId) void run(addMember.mutateAsync({ roomId: room.id, userId })).then(() => setUserId(null)); }}>{t('rooms.members.addButton')}</Button>
        </Group>
      )}
      <Paper withBorder>
        {list.map((m) => (
          <Group key={m.user.id} justify="space-between" px="md" py="xs" data-testid="room-member">
            <Group gap="xs"><Text fz="sm">{m.user.name}</Text><Badge size="xs" variant="outline">{t(`rooms.role.${m.role}`)}</Badge></Group>
            {room.abilities.manage && m.role !== 'owner' && (
              <ActionIcon variant="subtle" color="gray" aria-label={t('rooms.members.remove', { name: m.user.name })} onClick={() => void run(removeMember.mutateAsync({ roomId: room.id, userId: m.user.id }))}><IconX size={14} /></ActionIcon>
            )}
          </Group>
        ))}
      </Paper>
    </Stack>
  );
}
