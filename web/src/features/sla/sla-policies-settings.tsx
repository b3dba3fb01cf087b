import { ActionIcon, Badge, Button, Group, Menu, Modal, NumberInput, SegmentedControl, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import { useTeams } from '../../api/settings.ts';
import { useBusinessCalendars, useSlaPolicies, useSlaPolicyMutations, type SlaPolicy } from '../../api/sla.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { IconClock, IconDots, IconPlus } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { SettingsSection } from '../settings/section.tsx';
import { parseDuration } from './duration.ts';
import { formatSpan } from './sla-badge.tsx';
import {
  TARGET_KINDS, TARGET_PRIORITIES, TARGET_ROWS, TargetsTable, cellError, cellsOf, fieldOfCell, targetsOf, type TargetCells, type TargetKind, type TargetRow,
} from './targets-table.tsx';

const ROUND_THE_CLOCK = '';
const DEFAULT_TEAM = '';

/** SLA policies: per team (or the workspace default) the response and resolution targets, warning and escalation. */
export function SlaPoliciesSettings() {
  const { t } = useTranslation();
  const { can } = useSession();
  const policies = useSlaPolicies();
  const calendars = useBusinessCalendars();
  const teams = useTeams();
  const { remove } = useSlaPolicyMutations();
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  const manage = can('sla:manage');
  const teamName = (id: string | null) => (id ? teams.data?.find((x) => x.id === id)?.name ?? '—' : null);
  const target = (m: number | null) => (m === null ? '—' : formatSpan(m, t));
  // The priorities with a target of their own for one kind, under the policy's own target ("Dringend: 30 Min.").
  const special = (p: SlaPolicy, k: TargetKind) => TARGET_PRIORITIES.flatMap((prio) => {
    const v = p.priorityTargets[prio]?.[k];
    return v === undefined ? [] : [`${t(`routing.priority.${prio}`)}: ${target(v)}`];
  });
  const targetCell = (p: SlaPolicy, k: TargetKind) => (
    <Table.Td>
      <Text fz="sm">{target(p[k])}</Text>
      {special(p, k).map((line) => <Text key={line} fz="xs" c="dimmed" data-testid="priority-target">{line}</Text>)}
    </Table.Td>
  );

  const del = async (p: SlaPolicy) => {
    if (!(await confirmAction({ title: t('sla.policies.deleteTitle'), message: t('sla.policies.deleteText', { name: p.name }), confirmLabel: t('common.delete'), danger: true }))) return;
    try {
      await remove.mutateAsync(p.id);
      notify({ kind: 'success', message: t('sla.policies.deleted', { name: p.name }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <SettingsSection
      title={t('sla.policies.title')}
      description={t('sla.policies.description')}
      actions={manage && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('sla.policies.new')}</Button>}
    >
      {policies.isError ? <QueryError error={policies.error} /> : policies.data?.length === 0 ? (
        <Stack align="center" py="xl" c="dimmed" gap={6} data-testid="policies-empty"><IconClock size={28} /><Text fz="sm" ta="center" maw={420}>{t('sla.policies.empty')}</Text></Stack>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" data-testid="policy-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sla.policies.name')}</Table.Th>
                <Table.Th>{t('sla.policies.team')}</Table.Th>
                <Table.Th>{t('sla.policies.calendar')}</Table.Th>
                <Table.Th>{t('sla.kind.first_response')}</Table.Th>
                <Table.Th>{t('sla.kind.next_response')}</Table.Th>
                <Table.Th>{t('sla.kind.resolution')}</Table.Th>
                <Table.Th>{t('sla.policies.escalation')}</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(policies.data ?? []).map((p) => (
                <Table.Tr key={p.id} data-testid="policy-row">
                  <Table.Td><Text fz="sm" fw={600}>{p.name}</Text></Table.Td>
                  <Table.Td>{p.teamId ? teamName(p.teamId) : <Badge size="xs" variant="light" radius="sm" style={{ textTransform: 'none' }}>{t('sla.policies.defaultTeam')}</Badge>}</Table.Td>
                  <Table.Td><Text fz="sm">{p.calendarId ? calendars.data?.find((c) => c.id === p.calendarId)?.name ?? '—' : t('sla.policies.roundTheClock')}</Text></Table.Td>
                  {TARGET_KINDS.map((k) => <Fragment key={k}>{targetCell(p, k)}</Fragment>)}
                  <Table.Td>
                    <Text fz="sm">
                      {[p.escalateToTeamId ? t('sla.policies.toTeam', { team: teamName(p.escalateToTeamId) }) : null,
                        p.notifyManagers ? t(p.notifyByMail ? 'sla.policies.managersMail' : 'sla.policies.managers') : null].filter(Boolean).join(' · ') || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {manage && (
                      <Menu position="bottom-end">
                        <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon></Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setEditing(p)}>{t('common.edit')}</Menu.Item>
                          <Menu.Item color="red" onClick={() => void del(p)}>{t('common.delete')}</Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && <PolicyModal policy={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </SettingsSection>
  );
}

const num = (v: string | number) => (v === '' ? null : Number(v));
const cellKey = (row: TargetRow, kind: TargetKind) => `${row}:${kind}`;

function PolicyModal({ policy, onClose }: { policy?: SlaPolicy; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useSlaPolicyMutations();
  const teams = useTeams();
  const calendars = useBusinessCalendars();
  const [name, setName] = useState(policy?.name ?? '');
  const [teamId, setTeamId] = useState(policy?.teamId ?? DEFAULT_TEAM);
  const [calendarId, setCalendarId] = useState(policy?.calendarId ?? calendars.data?.find((c) => c.isDefault)?.id ?? ROUND_THE_CLOCK);
  const [cells, setCells] = useState<TargetCells>(() => cellsOf(policy));
  // Cells left once (or all, after a save was tried) show their mistakes; a cell being typed in is left alone.
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [warnMode, setWarnMode] = useState<'minutes' | 'percent'>(policy?.warnPercent != null ? 'percent' : 'minutes');
  const [warnValue, setWarnValue] = useState<number | null>(policy ? policy.warnPercent ?? policy.warnBeforeMinutes : 15);
  const [escalateTo, setEscalateTo] = useState(policy?.escalateToTeamId ?? '');
  const [notifyManagers, setNotifyManagers] = useState(policy?.notifyManagers ?? true);
  const [notifyByMail, setNotifyByMail] = useState(policy?.notifyByMail ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const teamOptions = (teams.data ?? []).map((x) => ({ value: x.id, label: x.name }));

  const targetErrors: Record<string, string | undefined> = {};
  for (const row of TARGET_ROWS) {
    for (const k of TARGET_KINDS) {
      const local = submitted || touched.has(cellKey(row, k)) ? cellError(parseDuration(cells[row][k]), t) : null;
      targetErrors[fieldOfCell(row, k)] = local ?? errors[fieldOfCell(row, k)];
    }
  }
  const changeCell = (row: TargetRow, k: TargetKind, text: string) => {
    setCells((c) => ({ ...c, [row]: { ...c[row], [k]: text } }));
    // A server message about this cell is stale once it changes.
    setErrors(({ [fieldOfCell(row, k)]: _gone, ...rest }) => rest);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const targets = targetsOf(cells);
    if (!targets) return;
    const body = {
      name: name.trim(), teamId: teamId || null, calendarId: calendarId || null, ...targets,
      warnBeforeMinutes: warnMode === 'minutes' ? warnValue : null, warnPercent: warnMode === 'percent' ? warnValue : null,
      escalateToTeamId: escalateTo || null, notifyManagers, notifyByMail: notifyManagers && notifyByMail,
    };
    try {
      if (policy) await m.update.mutateAsync({ id: policy.id, patch: body });
      else await m.create.mutateAsync(body);
      notify({ kind: 'success', message: t('sla.policies.saved') });
      onClose();
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      if (!Object.keys(fe).length) notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{policy ? t('sla.policies.editTitle') : t('sla.policies.new')}</Text>} size={720}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('sla.policies.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} required data-autofocus />
          <Group grow align="flex-start">
            <Select label={t('sla.policies.team')} data={[{ value: DEFAULT_TEAM, label: t('sla.policies.defaultTeam') }, ...teamOptions]} value={teamId}
              onChange={(v) => setTeamId(v ?? DEFAULT_TEAM)} allowDeselect={false} error={errors.teamId} />
            <Select label={t('sla.policies.calendar')} data={[{ value: ROUND_THE_CLOCK, label: t('sla.policies.roundTheClock') }, ...(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
              value={calendarId} onChange={(v) => setCalendarId(v ?? ROUND_THE_CLOCK)} allowDeselect={false} error={errors.calendarId} />
          </Group>
          <Stack gap={2}>
            <Text fw={600} fz="sm">{t('sla.targets.title')}</Text>
            <Text fz="xs" c="dimmed">{t('sla.targets.hint')}</Text>
          </Stack>
          <TargetsTable cells={cells} onChange={changeCell} errors={targetErrors} onBlur={(row, k) => setTouched((s) => new Set(s).add(cellKey(row, k)))} />
          <Group align="flex-end" gap="sm">
            <Stack gap={4}>
              <Text fz="sm" fw={500}>{t('sla.policies.warn')}</Text>
              <SegmentedControl size="xs" value={warnMode} onChange={(v) => setWarnMode(v as 'minutes' | 'percent')}
                data={[{ value: 'minutes', label: t('sla.policies.warnMinutes') }, { value: 'percent', label: t('sla.policies.warnPercent') }]} />
            </Stack>
            <NumberInput aria-label={t('sla.policies.warn')} value={warnValue ?? ''} onChange={(v) => setWarnValue(num(v))} min={1} max={warnMode === 'percent' ? 99 : 525600} w={140}
              suffix={warnMode === 'percent' ? ' %' : ` ${t('sla.policies.min')}`} error={errors.warnPercent ?? errors.warnBeforeMinutes} allowDecimal={false} />
          </Group>
          <Text fw={600} fz="sm" mt="xs">{t('sla.policies.escalation')}</Text>
          <Select label={t('sla.policies.escalateTo')} data={[{ value: '', label: t('sla.policies.noEscalation') }, ...teamOptions]} value={escalateTo}
            onChange={(v) => setEscalateTo(v ?? '')} allowDeselect={false} error={errors.escalateToTeamId} />
          <Switch label={t('sla.policies.notifyManagers')} checked={notifyManagers} onChange={(e) => setNotifyManagers(e.currentTarget.checked)} />
          <Switch label={t('sla.policies.notifyByMail')} checked={notifyManagers && notifyByMail} disabled={!notifyManagers} onChange={(e) => setNotifyByMail(e.currentTarget.checked)} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={m.create.isPending || m.update.isPending}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
