import { Anchor, Badge, Box, Button, Center, Group, Loader, Paper, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApprovals, useDecideApproval, type Approval } from '../../api/replies.ts';
import { formatRelative } from '../../components/format.ts';
import { IconCheck, IconX } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { errorMessage, QueryError } from '../../components/query-error.tsx';

type Status = 'pending' | 'approved' | 'rejected';

/** The managers' queue of held replies: read the customer's message, edit and approve, or reject with a reason. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status>('pending');
  const list = useApprovals(status);
  return (
    <Box pb="xl" maw={980}>
      <PageHeader title={t('replies.approvals.title')} />
      <Stack px="lg" gap="md">
        <Group justify="space-between">
          <Text c="dimmed" fz="sm">{t('replies.approvals.intro')}</Text>
          <SegmentedControl
            size="xs" value={status} onChange={(v) => setStatus(v as Status)} aria-label={t('replies.approvals.title')}
            data={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: s === 'pending' && list.data && status === 'pending' ? `${t('replies.approvals.tabs.pending')} (${list.data.pending})` : t(`replies.approvals.tabs.${s}`) }))}
          />
        </Group>
        {list.isPending ? <Center p="xl"><Loader size="sm" /></Center> : list.isError ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : list.data.items.length === 0 ? (
          <Paper withBorder p="xl" data-testid="approvals-empty">
            <Text fw={600}>{t(`replies.approvals.empty.${status}Title`)}</Text>
            <Text c="dimmed" fz="sm" mt={4}>{t(`replies.approvals.empty.${status}`)}</Text>
          </Paper>
        ) : list.data.items.map((a) => <ApprovalCard key={a.messageId} approval={a} />)}
      </Stack>
    </Box>
  );
}

function ApprovalCard({ approval: a }: { approval: Approval }) {
  const { t } = useTranslation();
  const decide = useDecideApproval();
  const [text, setText] = useState(a.text);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const edited = text.trim() !== a.text.trim();
  const pending = a.status === 'pending';

  const run = async (d: Parameters<typeof decide.mutateAsync>[0]) => {
    try {
      await decide.mutateAsync(d);
      notify({ kind: 'success', message: t(d.approve ? 'replies.approvals.approvedNote' : 'replies.approvals.rejectedNote') });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Paper withBorder p="md" data-testid="approval-card" data-message-id={a.messageId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Box style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Text fw={600}>{a.conversation.customer ?? t('inbox.unknownAuthor')}</Text>
            {a.conversation.network && <Badge size="xs" variant="light" color="gray" style={{ textTransform: 'none' }}>{a.conversation.network}</Badge>}
            <Badge size="xs" variant="outline" color={a.conversation.kind === 'public' ? 'orange' : 'gray'} style={{ textTransform: 'none' }}>
              {t(a.conversation.kind === 'public' ? 'inbox.kind.publicShort' : 'inbox.kind.privateShort')}
            </Badge>
            {a.conversation.sentiment && <Badge size="xs" variant="light" color={a.conversation.sentiment === 'negative' ? 'red' : 'gray'} style={{ textTransform: 'none' }}>{t(`inbox.sentiment.${a.conversation.sentiment}`, a.conversation.sentiment)}</Badge>}
          </Group>
          <Text fz="xs" c="dimmed" mt={2}>
            {t('replies.approvals.by', { name: a.author?.name ?? '—', when: formatRelative(a.createdAt) })}
            {' · '}
            <Anchor component={Link} to={`/inbox/${a.conversationId}`} fz="xs">{t('replies.approvals.openConversation')}</Anchor>
          </Text>
        </Box>
        <Group gap={4}>
          {a.reasons.map((r) => <Badge key={r} size="sm" variant="light" color="yellow" style={{ textTransform: 'none' }}>{r === 'agent_needs_approval' ? t('replies.approvals.agentFlag') : r}</Badge>)}
        </Group>
      </Group>
      {a.conversation.lastInbound && (
        <Box mt="sm" p="sm" style={{ background: 'var(--parley-bg)', borderRadius: 8 }}>
          <Text fz="xs" c="dimmed">{t('replies.approvals.customerWrote')}</Text>
          <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{a.conversation.lastInbound}</Text>
        </Box>
      )}
      {pending ? (
        <>
          <Textarea mt="sm" label={t('replies.approvals.reply')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} maxRows={10} data-testid="approval-text" />
          {rejecting ? (
            <Group mt="sm" align="flex-end">
              <TextInput style={{ flex: 1 }} label={t('replies.approvals.reason')} placeholder={t('replies.approvals.reasonPlaceholder')} value={reason} autoFocus
                onChange={(e) => setReason(e.currentTarget.value)} data-testid="approval-reason"
                onKeyDown={(e) => { if (e.key === 'Enter' && reason.trim()) void run({ messageId: a.messageId, approve: false, reason: reason.trim() }); if (e.key === 'Escape') setRejecting(false); }} />
              <Button variant="default" onClick={() => setRejecting(false)}>{t('common.cancel')}</Button>
              <Button color="red" disabled={!reason.trim()} loading={decide.isPending} onClick={() => void run({ messageId: a.messageId, approve: false, reason: reason.trim() })} data-testid="approval-reject-confirm">
                {t('replies.approvals.reject')}
              </Button>
            </Group>
          ) : (
            <Group mt="sm" justify="flex-end">
              <Button variant="light" color="red" leftSection={<IconX size={14} />} onClick={() => setRejecting(true)} data-testid="approval-reject">{t('replies.approvals.reject')}</Button>
              <Button leftSection={<IconCheck size={14} />} disabled={!text.trim()} loading={decide.isPending} data-testid="approval-approve"
                onClick={() => void run({ messageId: a.messageId, approve: true, ...(edited ? { text: text.trim() } : {}) })}>
                {t(edited ? 'replies.approvals.approveEdited' : 'replies.approvals.approve')}
              </Button>
            </Group>
          )}
        </>
      ) : (
        <Box mt="sm">
          <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{a.text}</Text>
          {a.text !== a.originalText && <Text fz="xs" c="dimmed" mt={4}>{t('replies.approvals.original', { text: a.originalText })}</Text>}
          <Text fz="xs" c={a.status === 'rejected' ? 'red.7' : 'teal.7'} mt={4}>
            {t(`replies.approvals.decided.${a.status}`, { name: a.decidedBy?.name ?? '—', when: a.decidedAt ? formatRelative(a.decidedAt) : '' })}
            {a.rejectReason ? ` — ${a.rejectReason}` : ''}
          </Text>
        </Box>
      )}
    </Paper>
  );
}
