import { Button, Group, NumberInput, Switch, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRetentionMutations, useRetentionRules, type RetentionKind, type RetentionRule } from '../../api/privacy.ts';
import { formatDateTime, formatRelative } from '../../components/format.ts';
import { IconClock } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { SettingsSection } from '../settings/section.tsx';

type Draft = Record<string, { months: number; enabled: boolean }>;

const draftOf = (rules: RetentionRule[]): Draft => Object.fromEntries(rules.map((r) => [r.kind, { months: r.months, enabled: r.enabled }]));

/** Retention rules: how long each kind of data is kept before the daily job removes it; save, or apply now. */
export function RetentionSettings() {
  const { t } = useTranslation();
  const rules = useRetentionRules();
  const { save, run } = useRetentionMutations();
  const [draft, setDraft] = useState<Draft>({});
  useEffect(() => { if (rules.data) setDraft(draftOf(rules.data)); }, [rules.data]);

  const list = rules.data ?? [];
  const dirty = list.some((r) => !r.fixed && draft[r.kind] && (draft[r.kind]!.months !== r.months || draft[r.kind]!.enabled !== r.enabled));
  const set = (kind: RetentionKind, patch: Partial<Draft[string]>) => setDraft((d) => ({ ...d, [kind]: { ...d[kind]!, ...patch } }));

  const onSave = async () => {
    try {
      await save.mutateAsync(list.filter((r) => !r.fixed).map((r) => ({ kind: r.kind, ...draft[r.kind]! })));
      notify({ kind: 'success', message: t('settings.saved') });
    } catch (err) {
      notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };
  const onRun = async () => {
    try {
      const r = await run.mutateAsync();
      const count = Object.values(r.removed).reduce((a, b) => a + b, 0);
      notify({ kind: 'success', message: t('privacy.retention.ran', { count }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <SettingsSection
      title={t('privacy.retention.title')}
      description={t('privacy.retention.description')}
      actions={(
        <>
          <Button variant="default" leftSection={<IconClock size={16} />} onClick={() => void onRun()} loading={run.isPending} disabled={dirty} data-testid="retention-run">
            {t('privacy.retention.run')}
          </Button>
          <Button onClick={() => void onSave()} loading={save.isPending} disabled={!dirty} data-testid="retention-save">{t('common.save')}</Button>
        </>
      )}
    >
      {rules.isError ? <QueryError error={rules.error} onRetry={() => void rules.refetch()} /> : (
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('privacy.retention.kind')}</Table.Th>
              <Table.Th w={170}>{t('privacy.retention.keep')}</Table.Th>
              <Table.Th w={90}>{t('privacy.retention.active')}</Table.Th>
              <Table.Th w={170}>{t('privacy.retention.lastRun')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((r) => {
              const d = draft[r.kind] ?? { months: r.months, enabled: r.enabled };
              return (
                <Table.Tr key={r.kind} data-testid={`retention-${r.kind}`}>
                  <Table.Td>
                    <Text fz="sm" fw={600}>{t(`privacy.retention.kinds.${r.kind}.label`)}</Text>
                    <Text fz="xs" c="dimmed" maw={420}>{t(`privacy.retention.kinds.${r.kind}.description`)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {r.fixed ? <Text fz="sm" c="dimmed">{t('privacy.retention.untilExpired')}</Text> : (
                      <NumberInput
                        size="xs" min={r.minMonths} max={120} step={1} allowDecimal={false} value={d.months} disabled={!d.enabled}
                        suffix={` ${t('privacy.retention.months', { count: d.months })}`} aria-label={t('privacy.retention.keep')}
                        onChange={(v) => set(r.kind, { months: typeof v === 'number' ? v : Number(v) || r.minMonths })}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Switch checked={d.enabled} disabled={r.fixed} aria-label={t('privacy.retention.active')} onChange={(e) => set(r.kind, { enabled: e.currentTarget.checked })} />
                  </Table.Td>
                  <Table.Td>
                    {r.lastRunAt ? (
                      <>
                        <Text fz="sm" title={formatDateTime(r.lastRunAt)}>{formatRelative(r.lastRunAt)}</Text>
                        <Text fz="xs" c="dimmed">{t('privacy.retention.removed', { count: r.lastRunRemoved ?? 0 })}</Text>
                      </>
                    ) : <Text fz="sm" c="dimmed">{t('privacy.retention.never')}</Text>}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Group mt="sm"><Text fz="xs" c="dimmed">{t('privacy.retention.schedule')}</Text></Group>
    </SettingsSection>
  );
}
