import { ActionIcon, Alert, Box, Button, Group, Switch, Text, Textarea, Tooltip } from '@mantine/core';
import { REPLY_LIMITS } from '@parley/contracts/inbox';
import { forwardRef, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isMissingRoute } from '../../api/client.ts';
import { useIdentity, useSendReply, type ConversationDetail } from '../../api/inbox.ts';
import { useTypingSignal } from '../../api/realtime.ts';
import { IconAlert, IconNote } from '../../components/icons.tsx';
import { Key, modKey } from '../../components/kbd.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { identityName } from '../identities/identities-panel.tsx';
import { TypingNotice } from '../presence/viewers.tsx';
import { isSendKey } from './keys.ts';
import { onCompose } from '../experts/compose.ts';
import { DraftIndicator, isPickerKey, useCannedPicker, useDraftAutosave } from '../replies/composer-tools.tsx';

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
  const typingSignal = useTypingSignal(c.id); // collision detection: others see "… is typing"
  useEffect(() => setError(null), [text, isPrivate]);
  // A suggested reply's "Use as reply" (experts) puts its text here to be checked and sent.
  useEffect(() => onCompose(c.id, (next) => setText(next)), [c.id]);
  const name = author.data ? identityName(author.data) : t('inbox.unknownAuthor');
  // Replies domain: the draft on the server, canned replies, and the note that a sent reply waits for approval.
  const draft = useDraftAutosave(c.id, text, isPrivate, (d) => { setText((now) => now || d.text); setPrivate(d.private); });
  const picker = useCannedPicker({ conversationId: c.id, text, onInsert: setText });
  const [held, setHeld] = useState(false);
  useEffect(() => { if (text) setHeld(false); }, [text]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body || send.isPending) return;
    try {
      const sent = await send.mutateAsync({ text: body, private: c.kind === 'public' && isPrivate ? true : undefined });
      draft.sent();
      setHeld(sent.sendStatus === 'pending_approval');
      setText('');
      typingSignal.stop();
    } catch (err) {
      setError(replyErrorMessage(err, t));
    }
  };

  return (
    <Box component="form" onSubmit={(e) => void submit(e)} px="lg" py="sm" style={{ borderTop: '1px solid var(--parley-border)', background: '#fff' }} data-testid="reply-box">
      <TypingNotice conversationId={c.id} />
      {error && (
        <Alert color="red" variant="light" icon={<IconAlert />} mb="xs" py={8} title={t('inbox.reply.failedTitle')} role="alert" data-testid="reply-error">{error}</Alert>
      )}
      {held && <Alert color="yellow" variant="light" mb="xs" py={8} role="status" data-testid="reply-held">{t('replies.approval.heldNotice')}</Alert>}
      {picker.element}
      <Textarea
        ref={ref}
        value={text}
        onChange={(e) => { setText(e.currentTarget.value); if (e.currentTarget.value.trim()) typingSignal.typing(); else typingSignal.stop(); }}
        onKeyDown={(e) => {
          if (picker.onTextKeyDown(e)) return;
          if (isPickerKey(e)) {
            e.preventDefault();
            picker.openSearch();
          } else if (isSendKey(e.nativeEvent)) {
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
          <Tooltip label={<Group gap={4}>{t('replies.picker.hint')}<Key>{modKey}</Key><Key>/</Key></Group>} openDelay={300}>
            <ActionIcon variant="subtle" color="gray" onClick={picker.openSearch} aria-label={t('replies.picker.button')} data-testid="canned-open"><IconNote size={16} /></ActionIcon>
          </Tooltip>
          <DraftIndicator status={draft.status} />
        </Group>
        <Button type="submit" loading={send.isPending} disabled={!text.trim()} data-testid="reply-send">
          {t(isPrivate ? 'inbox.reply.sendPrivate' : 'inbox.reply.send')}
        </Button>
      </Group>
    </Box>
  );
});
