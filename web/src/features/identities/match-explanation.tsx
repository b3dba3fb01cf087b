import { Box, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ExplainedField } from '../records/describe-change.ts';
import { useComparisonLabel, useLevelLabel } from './evidence.tsx';

const fmtWeight = (w: number) => `${w > 0 ? '+' : w < 0 ? '−' : '±'}${Math.abs(w).toFixed(1)}`;

/**
 * Why two records are probably the same: one row per compared field with both values and its weight as a bar from the
 * middle (green to the right speaks for the match, red to the left against it).
 */
export function MatchExplanation({ fields, sides }: { fields: ExplainedField[]; sides: [string, string] }) {
  const { t } = useTranslation();
  const comparison = useComparisonLabel();
  const level = useLevelLabel();
  if (!fields.length) return <Text fz="xs" c="dimmed">{t('identities.queue.noExplanation')}</Text>;
  const rows = [...fields].sort((a, b) => b.weight - a.weight);
  const max = Math.max(4, ...rows.map((f) => Math.abs(f.weight)));
  return (
    <Table verticalSpacing={3} horizontalSpacing={8} fz="xs" withRowBorders={false} aria-label={t('identities.queue.explanation')} data-testid="match-explanation"
      style={{ tableLayout: 'fixed' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="18%" fw={500} c="dimmed">{t('identities.queue.field')}</Table.Th>
          <Table.Th w="26%" fw={500} c="dimmed">{sides[0]}</Table.Th>
          <Table.Th w="26%" fw={500} c="dimmed">{sides[1]}</Table.Th>
          <Table.Th w="30%" fw={500} c="dimmed">
            <Tooltip label={t('identities.queue.weightHint')} multiline w={260}><span>{t('identities.queue.weight')}</span></Tooltip>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((f) => {
          const share = (Math.abs(f.weight) / max) * 50;
          const color = f.weight > 0 ? 'var(--mantine-color-teal-6)' : 'var(--mantine-color-red-6)';
          return (
            <Table.Tr key={f.comparison} data-weight={f.weight}>
              <Table.Td>
                <Text fz="xs" fw={600} truncate>{comparison(f.comparison)}</Text>
                <Text fz={11} c="dimmed" truncate>{level(f.level)}</Text>
              </Table.Td>
              <Table.Td><Text fz="xs" truncate title={f.values[0]}>{f.values[0] || '—'}</Text></Table.Td>
              <Table.Td><Text fz="xs" truncate title={f.values[1]}>{f.values[1] || '—'}</Text></Table.Td>
              <Table.Td>
                <Box style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                  <Box aria-hidden style={{ position: 'relative', flex: 1, height: 10, background: 'var(--mantine-color-gray-1)', borderRadius: 3 }}>
                    <Box style={{ position: 'absolute', left: '50%', top: -2, bottom: -2, width: 1, background: 'var(--mantine-color-gray-5)' }} />
                    <Box style={{
                      position: 'absolute', top: 0, bottom: 0, borderRadius: 2, background: color, width: `${share}%`,
                      ...(f.weight >= 0 ? { left: '50%' } : { right: '50%' }),
                    }} />
                  </Box>
                  <Text fz="xs" w={36} ta="right" c={f.weight > 0 ? 'teal.8' : f.weight < 0 ? 'red.8' : 'dimmed'} ff="monospace">{fmtWeight(f.weight)}</Text>
                </Box>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
