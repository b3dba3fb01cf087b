import { Table, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SlaPolicy, SlaPolicyInput } from '../../api/sla.ts';
import { formatDuration, parseDuration, type ParsedDuration } from './duration.ts';
import { formatSpan } from './sla-badge.tsx';

// The targets of one SLA policy as a table: the policy's own targets (all priorities) in the first row, then one row
// per priority whose empty cells take the first row's value. Durations are typed ("30m", "4h", "2d"); "-" in a
// priority row means no target for that priority.

export const TARGET_KINDS = ['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
type Priority = keyof NonNullable<SlaPolicyInput['priorityTargets']>;
/** Most pressing first, as a manager reads the table. */
export const TARGET_PRIORITIES: readonly Priority[] = ['urgent', 'high', 'normal', 'low'];
export type TargetRow = 'all' | Priority;
export const TARGET_ROWS: readonly TargetRow[] = ['all', ...TARGET_PRIORITIES];

const KIND_LABEL: Record<TargetKind, string> = { firstResponseMinutes: 'first_response', nextResponseMinutes: 'next_response', resolutionMinutes: 'resolution' };

/** What is typed in each cell. */
export type TargetCells = Record<TargetRow, Record<TargetKind, string>>;

/** The cells of a policy (a new policy: one hour, two hours and a day for all priorities). */
export function cellsOf(policy: SlaPolicy | undefined): TargetCells {
  const cells = {} as TargetCells;
  const all = policy ?? { firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 1440, priorityTargets: {} };
  cells.all = {} as Record<TargetKind, string>;
  for (const k of TARGET_KINDS) cells.all[k] = all[k] === null ? '' : formatDuration(all[k]);
  for (const p of TARGET_PRIORITIES) {
    cells[p] = {} as Record<TargetKind, string>;
    const special = (all.priorityTargets as SlaPolicy['priorityTargets'])[p] ?? {};
    for (const k of TARGET_KINDS) {
      const v = special[k];
      cells[p][k] = v === undefined ? '' : v === null ? '-' : formatDuration(v);
    }
  }
  return cells;
}

/** The field path the API names a cell's errors by. */
export function fieldOfCell(row: TargetRow, kind: TargetKind): string {
  return row === 'all' ? kind : `priorityTargets.${row}.${kind}`;
}

/** The message for a cell whose text is no duration (null: it is fine). */
export function cellError(parsed: ParsedDuration, t: TFunction): string | null {
  if (parsed.kind !== 'invalid') return null;
  return t(`sla.targets.invalid.${parsed.reason}`);
}

/** The API's targets from the cells, or null when a cell is invalid. */
export function targetsOf(cells: TargetCells): Pick<SlaPolicyInput, TargetKind | 'priorityTargets'> | null {
  const out: Pick<SlaPolicyInput, TargetKind | 'priorityTargets'> = { firstResponseMinutes: null, nextResponseMinutes: null, resolutionMinutes: null, priorityTargets: {} };
  for (const row of TARGET_ROWS) {
    const special: Partial<Record<TargetKind, number | null>> = {};
    for (const k of TARGET_KINDS) {
      const parsed = parseDuration(cells[row][k]);
      if (parsed.kind === 'invalid') return null;
      const value = parsed.kind === 'minutes' ? parsed.minutes : parsed.kind === 'none' ? null : undefined;
      if (row === 'all') out[k] = value ?? null;
      else if (value !== undefined) special[k] = value;
    }
    if (row !== 'all' && Object.keys(special).length > 0) out.priorityTargets![row] = special;
  }
  return out;
}

/** The table of targets: one row for all priorities, one per priority; errors inline in their cell. */
export function TargetsTable({ cells, onChange, errors, onBlur }: {
  cells: TargetCells;
  onChange: (row: TargetRow, kind: TargetKind, text: string) => void;
  /** Messages by field path (fieldOfCell). */
  errors: Record<string, string | undefined>;
  onBlur: (row: TargetRow, kind: TargetKind) => void;
}) {
  const { t } = useTranslation();
  const rowLabel = (row: TargetRow) => (row === 'all' ? t('sla.targets.allPriorities') : t(`routing.priority.${row}`));
  // What a cell shows below its input: the typed duration in hours of open time, or what an empty cell means.
  const hint = (row: TargetRow, kind: TargetKind): string => {
    const parsed = parseDuration(cells[row][kind]);
    if (parsed.kind === 'minutes') return formatSpan(parsed.minutes, t);
    if (parsed.kind === 'none') return t('sla.policies.noTarget');
    if (parsed.kind === 'invalid') return '';
    if (row === 'all') return t('sla.policies.noTarget');
    const inherited = parseDuration(cells.all[kind]);
    return inherited.kind === 'minutes' ? t('sla.targets.inherits', { span: formatSpan(inherited.minutes, t) }) : t('sla.targets.inheritsNone');
  };
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing={6} horizontalSpacing="xs" withRowBorders={false} data-testid="targets-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={130}>{t('sla.targets.priority')}</Table.Th>
            {TARGET_KINDS.map((k) => <Table.Th key={k}>{t(`sla.kind.${KIND_LABEL[k]}`)}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {TARGET_ROWS.map((row) => (
            <Table.Tr key={row} data-testid={`targets-row-${row}`} style={row === 'all' ? { borderBottom: '1px solid var(--mantine-color-gray-3)' } : undefined}>
              <Table.Td><Text fz="sm" fw={row === 'all' ? 600 : 500}>{rowLabel(row)}</Text></Table.Td>
              {TARGET_KINDS.map((k) => {
                const all = parseDuration(cells.all[k]);
                return (
                  <Table.Td key={k} style={{ verticalAlign: 'top' }}>
                    <TextInput
                      size="xs" value={cells[row][k]} aria-label={`${t(`sla.kind.${KIND_LABEL[k]}`)} – ${rowLabel(row)}`}
                      placeholder={row === 'all' ? '—' : all.kind === 'minutes' ? formatDuration(all.minutes) : '—'}
                      onChange={(e) => onChange(row, k, e.currentTarget.value)} onBlur={() => onBlur(row, k)}
                      error={errors[fieldOfCell(row, k)]} description={errors[fieldOfCell(row, k)] ? undefined : hint(row, k)} inputWrapperOrder={['input', 'description', 'error']}
                      data-testid={`target-${row}-${k}`} autoComplete="off" spellCheck={false}
                    />
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
