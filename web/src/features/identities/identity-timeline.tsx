import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TimelineEntry } from '../../api/types.ts';
import { useUsers } from '../../api/users.ts';
import { describeIdentityEntry } from '../records/describe-change.ts';
import { useEvidenceWords } from './evidence.tsx';
import { NetworkIcon, useNetworkLabel } from './network.tsx';

/** True for the timeline kinds rendered here (identity.linked, .unlinked, .enriched, .enrichment_removed). */
export function isIdentityEntry(kind: string): boolean {
  return kind.startsWith('identity.');
}

/** The title of an identity event on a person's timeline. */
export function IdentityTimelineTitle({ entry, recordId }: { entry: TimelineEntry; recordId: string }) {
  const { t } = useTranslation();
  const d = describeIdentityEntry(entry.kind, entry.data, recordId);
  return <>{d ? t(`identities.timeline.${d.title}`) : entry.kind}</>;
}

/** What an identity event says: which identity, the evidence of the link, why it was undone, what was fetched. */
export function IdentityTimelineBody({ entry, recordId }: { entry: TimelineEntry; recordId: string }) {
  const { t } = useTranslation();
  const { byId } = useUsers();
  const networkLabel = useNetworkLabel();
  const evidenceWords = useEvidenceWords();
  const d = describeIdentityEntry(entry.kind, entry.data, recordId);
  if (!d) return null;
  const by = entry.actorId ? byId.get(entry.actorId)?.name ?? t('timeline.someone') : t('identities.panel.system');
  return (
    <Stack gap={2} data-testid="identity-timeline">
      {d.network && (
        <Group gap={6} wrap="nowrap">
          <NetworkIcon network={d.network} size={18} />
          <Text fz="sm" fw={500} truncate>{networkLabel(d.network)}{d.handle ? ` · ${d.handle}` : ''}</Text>
        </Group>
      )}
      {d.evidence && <Text fz="sm" c="gray.7">{evidenceWords(d.evidence, { by, network: d.network })}</Text>}
      {d.otherContactId && <Anchor component={Link} to={`/people/${d.otherContactId}`} fz="sm">{t('identities.timeline.openOther')}</Anchor>}
      {d.title === 'unlinked' && <Text fz="sm" c="gray.7">{d.reason ? t('identities.panel.reason', { reason: d.reason }) : t('identities.panel.noReason')}</Text>}
      {d.title === 'enriched' && d.fields.length > 0 && <Text fz="sm" c="gray.7">{t('identities.timeline.fields', { fields: d.fields.join(', ') })}</Text>}
      {d.title === 'enrichmentRemoved' && <Text fz="sm" c="gray.7">{t('identities.timeline.removedWhy')}</Text>}
    </Stack>
  );
}
