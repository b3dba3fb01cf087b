import { Alert, Box, Button, Group, Switch, Text, Textarea, Tooltip } from '@mantine/core';
import { REPLY_LIMITS } from '@parley/contracts/inbox';
import { forwardRef, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isMissingRoute } from '../../api/client.ts';
import { useIdentity, useSendReply, type ConversationDetail } from '../../api/inbox.ts';
import { IconAlert } from '../../components/icons.tsx';
import { Key, modKey } from '../../components/kbd.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { identityName } from '../identities/identities-panel.tsx';
import { isSendKey } from './keys.ts';

// The reply composer under the open conversation.

// Refusals an agent can act on, said in the user's language (the server's own message stays for anything else).
const REPLY_ERRORS = ['channel_credentials_missing', 'channel_paused', 'channel_gone', 'private_reply_unsupported', 'reply_parent_not_sent'];

function replyErrorMessage(err: unknown, t: (key: string) => string): string {
  if (isMissingRoute(err)) return t('inbox.notAvailable');
  if (err instanceof ApiError && REPLY_ERRORS.includes(err.code)) return t(`inbox.reply.errors.${err.code}`);
  return errorMessage(err, t);
}

/** The reply box: text, private reply switch, Ctrl+Enter to send, the network's refusal said in the user's language. */
export const ReplyBox = forwardRef<HTMLTextAreaElement, { conversation: ConversationDetail; onLeave: () => void }>(function ReplyBox({ conversation: c, onLeave }, ref) {
  const { t } = useTranslation();
  const send = useSendReply(c.id);
  const author = useIdentity(c.identityId);
  const [text, setText] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [text, isPrivate]);
  const name = author.data ? identityName(author.data) : t('inbox.unknownAuthor');

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body || send.isPending) return;
    try {
      await send.mutateAsync({ text: body, private: c.kind === 'public' && isPrivate ? true : undefined });
      setText('');
    } catch (err) {
      setError(replyErrorMessage(err, t));
    }
  };

  return (
    <Box component="form" onSubmit={(e) => void submit(e)} px="lg" py="sm" style={{ borderTop: '1px solid var(--parley-border)', background: '#fff' }} data-testid="reply-box">
      {error && (
        <Alert color="red" variant="light" icon={<IconAlert />} mb="xs" py={8} title={t('inbox.reply.failedTitle')} role="alert" data-testid="reply-error">{error}</Alert>
      )}
      <Textarea
        ref={ref}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (isSendKey(e.nativeEvent)) {
            e.preventDefault();
            void submit();
          } else if (e.key === 'Escape') {
            e.currentTarget.blur();
            onLeave();
          }
        }}
        placeholder={t(isPrivate ? 'inbox.reply.placeholderPrivate' : 'inbox.reply.placeholder', { name })}
        aria-label={t('inbox.reply.label', { name })}
        autosize
        minRows={3}
        maxRows={10}
        maxLength={REPLY_LIMITS.text}
        data-testid="reply-text"
      />
      <Group justify="space-between" mt="xs" wrap="nowrap" gap="sm">
        <Group gap="md" wrap="nowrap">
          {c.kind === 'public' && (
            <Tooltip label={t('inbox.reply.privateHint')} multiline w={260} openDelay={300}>
              <Switch size="sm" checked={isPrivate} onChange={(e) => setPrivate(e.currentTarget.checked)} label={t('inbox.reply.private')} data-testid="reply-private" />
            </Tooltip>
          )}
          <Group gap={4} fz="xs" c="dimmed" wrap="nowrap" visibleFrom="md">
            <Key>{modKey}</Key><Key>Enter</Key><Text fz="xs" c="dimmed">{t('inbox.reply.sendKey')}</Text>
          </Group>
        </Group>
        <Button type="submit" loading={send.isPending} disabled={!text.trim()} data-testid="reply-send">
          {t(isPrivate ? 'inbox.reply.sendPrivate' : 'inbox.reply.send')}
        </Button>
      </Group>
    </Box>
  );
});
