import { ActionIcon, Badge, Button, Checkbox, CloseButton, Group, Menu, Modal, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import { useBusinessCalendarMutations, useBusinessCalendars, type BusinessCalendar } from '../../api/sla.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { formatDate } from '../../components/format.ts';
import { IconClock, IconDots, IconPlus } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { SettingsSection } from '../settings/section.tsx';
import { germanHolidays } from './german-holidays.ts';

type Interval = { day: number; start: string; end: string };
// Monday first, as people in Germany read a week; `day` stays 0 = Sunday as the API counts.
const WEEK = [1, 2, 3, 4, 5, 6, 0];

function summary(weekly: Interval[], t: TFunction): string {
  return WEEK.filter((d) => weekly.some((i) => i.day === d))
    .map((d) => `${t(`sla.days.short.${d}`)} ${weekly.filter((i) => i.day === d).map((i) => `${i.start}–${i.end}`).join(', ')}`)
    .join(' · ');
}

/** Business hours: calendars of opening hours with time zone and holidays, in which SLA targets count. */
export function BusinessHoursSettings() {
  const { t } = useTranslation();
  const { can } = useSession();
  const calendars = useBusinessCalendars();
  const { remove } = useBusinessCalendarMutations();
  const [editing, setEditing] = useState<BusinessCalendar | 'new' | null>(null);
  const manage = can('sla:manage');

  const del = async (c: BusinessCalendar) => {
    if (!(await confirmAction({ title: t('sla.hours.deleteTitle'), message: t('sla.hours.deleteText', { name: c.name }), confirmLabel: t('common.delete'), danger: true }))) return;
    try {
      await remove.mutateAsync(c.id);
      notify({ kind: 'success', message: t('sla.hours.deleted', { name: c.name }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <SettingsSection
      title={t('sla.hours.title')}
      description={t('sla.hours.description')}
      actions={manage && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('sla.hours.new')}</Button>}
    >
      {calendars.isError ? <QueryError error={calendars.error} /> : calendars.data?.length === 0 ? (
        <Stack align="center" py="xl" c="dimmed" gap={6} data-testid="hours-empty"><IconClock size={28} /><Text fz="sm" ta="center" maw={420}>{t('sla.hours.empty')}</Text></Stack>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {(calendars.data ?? []).map((c) => (
            <Paper key={c.id} withBorder p="md" radius="md" data-testid="calendar-card">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <Text fw={600}>{c.name}</Text>
                    {c.isDefault && <Badge size="xs" variant="light" radius="sm" style={{ textTransform: 'none' }}>{t('sla.hours.default')}</Badge>}
                  </Group>
                  <Text fz="xs" c="dimmed">{c.timezone}</Text>
                </div>
                {manage && (
                  <Menu position="bottom-end">
                    <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon></Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setEditing(c)}>{t('common.edit')}</Menu.Item>
                      <Menu.Item color="red" onClick={() => void del(c)}>{t('common.delete')}</Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )}
              </Group>
              <Text fz="sm" mt="xs">{summary(c.weekly, t)}</Text>
              <Text fz="xs" c="dimmed" mt={4}>{t('sla.hours.holidayCount', { count: c.holidays.length })}</Text>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      {editing && <CalendarModal calendar={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </SettingsSection>
  );
}

function zones(): string[] {
  const list = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return list.includes('UTC') ? list : ['UTC', ...list];
}

function CalendarModal({ calendar, onClose }: { calendar?: BusinessCalendar; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useBusinessCalendarMutations();
  const [name, setName] = useState(calendar?.name ?? t('sla.hours.defaultName'));
  const [timezone, setTimezone] = useState<string>(calendar?.timezone ?? 'Europe/Berlin');
  const [isDefault, setIsDefault] = useState(calendar?.isDefault ?? true);
  const [weekly, setWeekly] = useState<Interval[]>(calendar?.weekly ?? [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })));
  const [holidays, setHolidays] = useState<string[]>(calendar?.holidays ?? []);
  const [newHoliday, setNewHoliday] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const zoneList = useMemo(zones, []);
  const year = new Date().getFullYear();

  const setDay = (day: number, open: boolean) =>
    setWeekly((w) => (open ? [...w, { day, start: '08:00', end: '18:00' }] : w.filter((i) => i.day !== day)));
  const setSlot = (index: number, patch: Partial<Interval>) => setWeekly((w) => w.map((i, n) => (n === index ? { ...i, ...patch } : i)));
  const addHolidays = (dates: string[]) => setHolidays((h) => [...new Set([...h, ...dates])].sort());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name: name.trim(), timezone, isDefault, weekly, holidays };
    try {
      if (calendar) await m.update.mutateAsync({ id: calendar.id, patch: body });
      else await m.create.mutateAsync(body);
      notify({ kind: 'success', message: t('sla.hours.saved') });
      onClose();
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      if (!Object.keys(fe).length) notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{calendar ? t('sla.hours.editTitle') : t('sla.hours.new')}</Text>} size={720}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput label={t('sla.hours.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} required data-autofocus />
            <Select label={t('sla.hours.timezone')} data={zoneList} value={timezone} onChange={(v) => v && setTimezone(v)} searchable error={errors.timezone} allowDeselect={false} />
          </Group>
          <Switch label={t('sla.hours.isDefault')} description={t('sla.hours.isDefaultHint')} checked={isDefault} onChange={(e) => setIsDefault(e.currentTarget.checked)} />
          <Text fw={600} fz="sm" mt="xs">{t('sla.hours.weekly')}</Text>
          <Table withRowBorders={false} verticalSpacing={4} data-testid="weekly-grid">
            <Table.Tbody>
              {WEEK.map((day) => {
                const rows = weekly.map((i, index) => ({ i, index })).filter((x) => x.i.day === day);
                const dayName = t(`sla.days.long.${day}`);
                return (
                  <Table.Tr key={day}>
                    <Table.Td w={150}>
                      <Checkbox label={dayName} checked={rows.length > 0} onChange={(e) => setDay(day, e.currentTarget.checked)} />
                    </Table.Td>
                    <Table.Td>
                      {rows.length === 0 ? <Text fz="sm" c="dimmed">{t('sla.hours.closed')}</Text> : (
                        <Stack gap={4}>
                          {rows.map(({ i, index }) => (
                            <Group key={index} gap="xs" wrap="nowrap">
                              <TextInput type="time" size="xs" value={i.start} onChange={(e) => setSlot(index, { start: e.currentTarget.value })} aria-label={t('sla.hours.from', { day: dayName })} />
                              <Text fz="sm">–</Text>
                              <TextInput type="time" size="xs" value={i.end === '24:00' ? '23:59' : i.end} onChange={(e) => setSlot(index, { end: e.currentTarget.value })} aria-label={t('sla.hours.until', { day: dayName })} />
                              {i.end <= i.start && <Text fz="xs" c="dimmed">{t('sla.hours.overnight')}</Text>}
                              <CloseButton size="sm" aria-label={t('sla.hours.removeInterval')} onClick={() => setWeekly((w) => w.filter((_, n) => n !== index))} />
                            </Group>
                          ))}
                        </Stack>
                      )}
                    </Table.Td>
                    <Table.Td w={40}>
                      <ActionIcon variant="subtle" color="gray" aria-label={t('sla.hours.addInterval', { day: dayName })} onClick={() => setWeekly((w) => [...w, { day, start: '13:00', end: '17:00' }])}>
                        <IconPlus size={14} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {errors.weekly && <Text fz="xs" c="red">{errors.weekly}</Text>}
          <Text fw={600} fz="sm" mt="xs">{t('sla.hours.holidays')}</Text>
          <Group gap="xs" align="flex-end">
            <TextInput type="date" size="xs" label={t('sla.hours.holidayDate')} value={newHoliday} onChange={(e) => setNewHoliday(e.currentTarget.value)} />
            <Button size="xs" variant="default" disabled={!newHoliday} onClick={() => { addHolidays([newHoliday]); setNewHoliday(''); }}>{t('common.add')}</Button>
            {[year, year + 1].map((y) => (
              <Button key={y} size="xs" variant="light" onClick={() => addHolidays(germanHolidays(y).map((h) => h.date))} data-testid={`german-holidays-${y}`}>
                {t('sla.hours.germanHolidays', { year: y })}
              </Button>
            ))}
          </Group>
          {holidays.length === 0 ? <Text fz="sm" c="dimmed">{t('sla.hours.noHolidays')}</Text> : (
            <Group gap={6} data-testid="holiday-list">
              {holidays.map((d) => {
                const known = germanHolidays(Number(d.slice(0, 4))).find((h) => h.date === d);
                return (
                  <Badge key={d} variant="light" color="gray" radius="sm" style={{ textTransform: 'none' }}
                    rightSection={<CloseButton size="xs" aria-label={t('sla.hours.removeHoliday', { date: formatDate(d) })} onClick={() => setHolidays((h) => h.filter((x) => x !== d))} />}>
                    {formatDate(d)}{known ? ` · ${known.name}` : ''}
                  </Badge>
                );
              })}
            </Group>
          )}
          {errors.holidays && <Text fz="xs" c="red">{errors.holidays}</Text>}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={m.create.isPending || m.update.isPending}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
