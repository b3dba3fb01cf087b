import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fillComposer } from '../../api/experts.ts';
import type { Message } from '../../api/inbox.ts';
import { IconAlert, IconClock } from '../../components/icons.tsx';

/** Under an agent's reply bubble: "awaiting approval", or "rejected" with the manager's reason to rework it. */
export function HeldStatus({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  if (m.sendStatus === 'pending_approval') {
    return (
      <Group gap={4} mt={4} c="yellow.8" data-testid="send-status" data-status="pending_approval" justify="flex-end">
        <IconClock size={12} /><Text fz="xs" c="yellow.9">{t('replies.approval.awaiting')}</Text>
      </Group>
    );
  }
  return (
    <Group gap={4} mt={4} wrap="nowrap" justify="flex-end" data-testid="send-status" data-status="rejected">
      <IconAlert size={12} color="var(--mantine-color-red-7)" />
      <Text fz="xs" c="red.7" role="status">{m.sendError ? t('replies.approval.rejectedWith', { reason: m.sendError }) : t('replies.approval.rejected')}</Text>
      {/* Rework: the rejected text goes back into the reply box, to be changed and sent again. */}
      <Button size="compact-xs" variant="light" color="red" onClick={() => fillComposer({ conversationId: m.conversationId, text: m.text ?? '' })} data-testid="rework-reply">
        {t('replies.approval.rework')}
      </Button>
    </Group>
  );
}
