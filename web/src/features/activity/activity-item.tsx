import { Anchor, Avatar, Badge, Box, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Activity } from '../../api/activity.ts';
import { colorFor, formatDateTime, formatRelative, initials } from '../../components/format.ts';

// A document has no page of its own (it is shown in its room); its activities are comments on it.
const RECORD_PATHS: Record<string, string> = { contact: '/people/', company: '/companies/', conversation: '/inbox/', room: '/rooms/' };

/** One line of a stream: who did what on which record, when; hashtags as filters. */
export function ActivityItem({ a, onHashtag }: { a: Activity; onHashtag?: (tag: string) => void }) {
  const { t } = useTranslation();
  const who = a.actor?.name || t('activity.system');
  const what = t(`activity.verbs.${a.verb.replace('.', '_')}`, { defaultValue: a.verb });
  const title = a.summary.title || t(`activity.records.${a.recordType}`, { defaultValue: a.recordType });
  const path = RECORD_PATHS[a.recordType];
  return (
    <Group component="li" gap="sm" align="flex-start" wrap="nowrap" px="md" py="sm" data-testid="activity-item"
      style={{ borderBottom: '1px solid var(--parley-border)', listStyle: 'none' }}>
      <Avatar size={32} radius="xl" color={colorFor(a.actor?.id ?? 'system')}>{initials(who)}</Avatar>
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Text fz="sm">
          <Text span fw={600}>{who}</Text>{' '}{what}{' '}
          {path ? <Anchor component={Link} to={`${path}${a.recordId}`} fw={500}>{title}</Anchor> : <Text span fw={500}>{title}</Text>}
        </Text>
        {a.summary.detail && <Text fz="sm" c="dimmed" lineClamp={2}>{a.summary.detail}</Text>}
        {a.summary.fields && a.summary.fields.length > 0 && <Text fz="xs" c="dimmed">{t('activity.changed', { fields: a.summary.fields.join(', ') })}</Text>}
        <Group gap={6} mt={4}>
          <Text fz="xs" c="dimmed" title={formatDateTime(a.occurredAt)}>{formatRelative(a.occurredAt)}</Text>
          <Badge size="xs" variant="light" color="gray">{t(`activity.records.${a.recordType}`, { defaultValue: a.recordType })}</Badge>
          {a.hashtags.map((tag) => (
            <Badge key={tag} size="xs" variant="light" component="button" style={{ cursor: 'pointer' }} onClick={() => onHashtag?.(tag)}>#{tag}</Badge>
          ))}
        </Group>
      </Box>
    </Group>
  );
}
