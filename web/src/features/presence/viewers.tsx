import { Alert, Avatar, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useViewers, useViewingAnnouncement } from '../../api/realtime.ts';
import { useSession } from '../../api/session.tsx';
import { IconAlert } from '../../components/icons.tsx';
import { PresenceAvatar } from './presence-dot.tsx';

/** Collision detection in the thread header: who else has this conversation open (announces the user as a viewer). */
export function ConversationViewers({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  useViewingAnnouncement(conversationId);
  const viewers = useViewers(conversationId);
  const others = (viewers.data ?? []).filter((v) => v.userId !== session.user.id);
  if (others.length === 0) return null;
  const names = others.map((v) => v.name);
  return (
    <Group gap={8} wrap="nowrap" mt={8} data-testid="viewers" aria-live="polite">
      <Avatar.Group spacing={6}>
        {others.slice(0, 4).map((v) => (
          <PresenceAvatar key={v.userId} name={v.name} status={v.status} size={26}
            label={t(v.typing ? 'realtime.typingOne' : 'realtime.viewingOne', { name: v.name })} />
        ))}
      </Avatar.Group>
      <Text fz="xs" c="dimmed" data-testid="viewers-text">
        {names.length === 1 ? t('realtime.viewingOne', { name: names[0] }) : t('realtime.viewingMany', { names: names.slice(0, -1).join(', '), last: names.at(-1) })}
      </Text>
    </Group>
  );
}

/** Above the reply box: who else is typing in this conversation, with a warning not to answer twice. */
export function TypingNotice({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const viewers = useViewers(conversationId);
  const typing = (viewers.data ?? []).filter((v) => v.typing && v.userId !== session.user.id).map((v) => v.name);
  if (typing.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconAlert />} py={6} mb="xs" data-testid="typing-notice" role="status">
      <Text fz="sm" fw={600}>{typing.length === 1 ? t('realtime.typingOne', { name: typing[0] }) : t('realtime.typingMany', { names: typing.join(', ') })}</Text>
      <Text fz="xs">{t('realtime.typingWarning')}</Text>
    </Alert>
  );
}
