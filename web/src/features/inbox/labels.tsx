import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../api/inbox.ts';

// The colours of the classifier's labels; neutral sentiment and "other" intent say nothing and are not shown.
const SENTIMENT_COLORS: Record<string, string> = { positive: 'teal', negative: 'red' };
const INTENT_COLORS: Record<string, string> = { service_request: 'blue', sales_lead: 'grape', complaint: 'orange', praise: 'teal', spam: 'gray' };
export const STATUS_COLORS: Record<string, string> = {
  open: 'brand', pending: 'yellow', waiting_customer: 'cyan', waiting_expert: 'violet', resolved: 'teal', closed: 'gray',
};

/** The sentiment and intent the classifier gave a conversation or message, as small badges. */
export function ClassBadges({ sentiment, intent, size = 'xs' }: { sentiment: string | null; intent: string | null; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  return (
    <>
      {intent && INTENT_COLORS[intent] && (
        <Badge size={size} variant="light" color={INTENT_COLORS[intent]} radius="sm" style={{ textTransform: 'none', flexShrink: 0 }} data-testid="intent-badge">
          {t(`inbox.intent.${intent}`, { defaultValue: intent })}
        </Badge>
      )}
      {sentiment && SENTIMENT_COLORS[sentiment] && (
        <Badge size={size} variant="dot" color={SENTIMENT_COLORS[sentiment]} radius="sm" style={{ textTransform: 'none', flexShrink: 0 }} data-testid="sentiment-badge">
          {t(`inbox.sentiment.${sentiment}`, { defaultValue: sentiment })}
        </Badge>
      )}
    </>
  );
}

/** A conversation's status as a badge. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={STATUS_COLORS[status] ?? 'gray'} radius="sm" style={{ textTransform: 'none' }} data-testid="status-badge">
      {t(`inbox.status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** True when the customer wrote last in an open conversation: it waits for an answer (shown emphasized). */
export function awaitsAnswer(c: Pick<Conversation, 'status' | 'lastInboundAt' | 'lastMessageAt'>): boolean {
  return c.status === 'open' && !!c.lastInboundAt && c.lastInboundAt >= c.lastMessageAt;
}
