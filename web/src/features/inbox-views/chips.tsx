import { Badge, CloseButton, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCustomStatuses, useInboxLabels, type CustomStatus } from '../../api/inbox-views.ts';
import { useSession } from '../../api/session.tsx';

/** The name of a custom status in the reader's language. */
export function useCustomStatusName(): (s: CustomStatus) => string {
  const { i18n } = useTranslation();
  return (s) => (i18n.language.startsWith('de') ? s.nameDe : s.nameEn);
}

/** A conversation's custom status as a badge (nothing when it has none or it was deleted). */
export function CustomStatusBadge({ id, size = 'xs' }: { id: string | null; size?: 'xs' | 'sm' }) {
  const statuses = useCustomStatuses(useSession().can('inbox:read'));
  const name = useCustomStatusName();
  const s = id ? statuses.data?.find((x) => x.id === id) : undefined;
  if (!s) return null;
  return (
    <Badge size={size} variant="filled" color={s.color} radius="sm" style={{ textTransform: 'none', flexShrink: 0 }} data-testid="custom-status-badge">{name(s)}</Badge>
  );
}

/**
 * Labels as coloured chips (managed labels in their colour, free ones grey) and #hashtags; a click filters the inbox by
 * it. With `onRemove` each label gets a remove button.
 */
export function LabelChips({ labels, hashtags = [], size = 'xs', onRemove }: { labels: string[]; hashtags?: string[]; size?: 'xs' | 'sm'; onRemove?: (label: string) => void }) {
  const { t } = useTranslation();
  const managed = useInboxLabels(useSession().can('inbox:read'));
  const [, setSp] = useSearchParams();
  const colorOf = (l: string) => managed.data?.find((m) => m.name.toLowerCase() === l.toLowerCase())?.color ?? 'gray';
  // A chip sits inside a list row (a link): filtering must not also open the conversation.
  const filterBy = (key: 'label' | 'hashtag', value: string) => (e: React.MouseEvent | React.KeyboardEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setSp((sp) => { const next = new URLSearchParams(sp); next.set(key, value); return next; });
  };
  if (!labels.length && !hashtags.length) return null;
  return (
    <Group gap={4} wrap="wrap" data-testid="label-chips">
      {labels.map((l) => (
        <Badge key={`l-${l}`} size={size} variant="light" color={colorOf(l)} radius="sm" style={{ textTransform: 'none', cursor: 'pointer' }} data-testid="label-chip"
          role="button" tabIndex={-1} aria-label={t('organize.filterByLabel', { label: l })} onClick={filterBy('label', l)}
          rightSection={onRemove ? <CloseButton size="xs" aria-label={t('organize.removeLabel', { label: l })} onClick={(e) => { e.preventDefault(); e.stopPropagation(); onRemove(l); }} data-testid="label-remove" /> : undefined}>
          {l}
        </Badge>
      ))}
      {hashtags.map((h) => (
        <Badge key={`h-${h}`} size={size} variant="outline" color="gray" radius="sm" style={{ textTransform: 'none', cursor: 'pointer' }} data-testid="hashtag-chip"
          role="button" tabIndex={-1} aria-label={t('organize.filterByHashtag', { tag: h })} onClick={filterBy('hashtag', h)}>
          #{h}
        </Badge>
      ))}
    </Group>
  );
}
