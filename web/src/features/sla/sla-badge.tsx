import { Badge, Tooltip } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ConversationSla } from '../../api/sla.ts';
import { formatDateTime } from '../../components/format.ts';
import { IconClock } from '../../components/icons.tsx';

const COLORS: Record<ConversationSla['state'], string> = { ok: 'teal', warning: 'orange', breached: 'red', paused: 'gray', met: 'gray' };

/** "12 min", "3 h 20 min", "52 h": a span of open (business) minutes; never days, since a business day is not 24 hours. */
export function formatSpan(minutes: number, t: TFunction): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return t('sla.badge.minutes', { count: m });
  const h = Math.floor(m / 60);
  return m % 60 === 0 || h >= 24 ? t('sla.badge.hours', { count: h }) : t('sla.badge.hoursMinutes', { h, m: m % 60 });
}

/** The SLA of a conversation: open time left of the running clock (open hours only), overdue, paused; nothing once all are met. */
export function SlaBadge({ sla, size = 'xs' }: { sla: ConversationSla | null | undefined; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  if (!sla) return null;
  if (sla.state === 'met') {
    if (sla.breached.length === 0) return null;
    return (
      <Badge size={size} variant="outline" color="red" radius="sm" style={{ textTransform: 'none', flexShrink: 0 }} data-testid="sla-badge" data-state="missed">
        {t('sla.badge.missed')}
      </Badge>
    );
  }
  const kind = sla.nextDueKind ? t(`sla.kind.${sla.nextDueKind}`) : t('sla.badge.sla');
  let label: string;
  if (sla.state === 'paused' || sla.businessMinutesLeft === null) label = t('sla.badge.paused');
  else {
    // Open minutes as of the response (the server knows the calendar); the list and thread refetch, so it stays current.
    const left = sla.businessMinutesLeft;
    label = left > 0 ? t('sla.badge.left', { span: formatSpan(left, t) }) : t('sla.badge.overdue', { span: formatSpan(-left, t) });
  }
  const tip = sla.state === 'paused'
    ? t('sla.badge.pausedTip')
    : t('sla.badge.dueTip', { kind, at: formatDateTime(sla.nextDueAt) });
  return (
    <Tooltip label={tip} openDelay={300} multiline maw={280}>
      <Badge
        size={size} variant={sla.state === 'ok' || sla.state === 'paused' ? 'light' : 'filled'} color={COLORS[sla.state]} radius="sm"
        leftSection={<IconClock size={size === 'xs' ? 10 : 12} />} style={{ textTransform: 'none', flexShrink: 0 }}
        data-testid="sla-badge" data-state={sla.state} aria-label={`${kind}: ${label}`}
      >
        {label}
      </Badge>
    </Tooltip>
  );
}
