import { ActionIcon, Button, Divider, Group, Popover, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomFields } from '../../api/contacts.ts';
import { Badge } from '@mantine/core';
import { IconFilter, IconPlus, IconX } from '../../components/icons.tsx';
import { CUSTOM_OPERATORS, formatCondition, parseCondition, type CustomOperator, type PeopleView } from './people-filters.ts';

interface Condition {
  key: string;
  op: CustomOperator;
  value: string;
}

/** Date ranges and custom field conditions, edited together and applied with one click. */
export function MoreFilters({ view, onChange }: { view: PeopleView; onChange: (patch: Partial<PeopleView>) => void }) {
  const { t, i18n } = useTranslation();
  const [opened, setOpened] = useState(false);
  const fields = useCustomFields('contact');
  const [dates, setDates] = useState({ createdFrom: '', createdTo: '', updatedFrom: '', updatedTo: '' });
  const [conds, setConds] = useState<Condition[]>([]);

  useEffect(() => {
    if (!opened) return;
    setDates({ createdFrom: view.createdFrom, createdTo: view.createdTo, updatedFrom: view.updatedFrom, updatedTo: view.updatedTo });
    setConds(view.custom.map(parseCondition).filter((c): c is Condition => c !== null));
  }, [opened, view]);

  const count = view.custom.length + (view.createdFrom || view.createdTo ? 1 : 0) + (view.updatedFrom || view.updatedTo ? 1 : 0);
  const fieldOptions = (fields.data ?? []).map((f) => ({ value: f.key, label: i18n.language === 'en' ? f.label.en : f.label.de }));

  const apply = () => {
    onChange({ ...dates, custom: conds.filter((c) => c.key && c.value !== '').map((c) => formatCondition(c.key, c.op, c.value)) });
    setOpened(false);
  };
  const setCond = (i: number, patch: Partial<Condition>) => setConds((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" width={460} shadow="md" trapFocus withinPortal>
      <Popover.Target>
        <Button
          variant={count ? 'light' : 'default'}
          color={count ? 'brand' : 'gray'}
          leftSection={<IconFilter size={14} />}
          rightSection={count ? <Badge size="xs" circle variant="filled">{count}</Badge> : null}
          onClick={() => setOpened((o) => !o)}
          fw={500}
          data-testid="more-filters"
        >
          {t('people.moreFilters')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="md">
        <form onSubmit={(e) => { e.preventDefault(); apply(); }}>
          <Stack gap="sm">
            <Text fz="sm" fw={600}>{t('people.created')}</Text>
            <SimpleGrid cols={2} spacing="xs">
              <TextInput type="date" label={t('common.from')} value={dates.createdFrom} onChange={(e) => setDates({ ...dates, createdFrom: e.currentTarget.value })} size="xs" />
              <TextInput type="date" label={t('common.to')} value={dates.createdTo} onChange={(e) => setDates({ ...dates, createdTo: e.currentTarget.value })} size="xs" />
            </SimpleGrid>
            <Text fz="sm" fw={600}>{t('people.updated')}</Text>
            <SimpleGrid cols={2} spacing="xs">
              <TextInput type="date" label={t('common.from')} value={dates.updatedFrom} onChange={(e) => setDates({ ...dates, updatedFrom: e.currentTarget.value })} size="xs" />
              <TextInput type="date" label={t('common.to')} value={dates.updatedTo} onChange={(e) => setDates({ ...dates, updatedTo: e.currentTarget.value })} size="xs" />
            </SimpleGrid>
            <Divider my={4} />
            <Group justify="space-between">
              <Text fz="sm" fw={600}>{t('people.customConditions')}</Text>
              <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} onClick={() => setConds([...conds, { key: fieldOptions[0]?.value ?? '', op: '=', value: '' }])}>
                {t('people.addCondition')}
              </Button>
            </Group>
            {conds.length === 0 && <Text fz="xs" c="dimmed">{t('people.customConditionsHint')}</Text>}
            {conds.map((c, i) => (
              <Group key={i} gap={6} wrap="nowrap" align="flex-end">
                {fieldOptions.length ? (
                  <Select size="xs" data={fieldOptions} value={c.key || null} onChange={(v) => setCond(i, { key: v ?? '' })} placeholder={t('people.fieldLabel')} style={{ flex: 1.3 }} comboboxProps={{ withinPortal: false }} aria-label={t('people.fieldLabel')} />
                ) : (
                  <TextInput size="xs" value={c.key} onChange={(e) => setCond(i, { key: e.currentTarget.value.toLowerCase() })} placeholder={t('people.fieldKey')} style={{ flex: 1.3 }} aria-label={t('people.fieldKey')} />
                )}
                <Select size="xs" w={84} data={CUSTOM_OPERATORS.map((o) => ({ value: o, label: t(`people.op.${opName(o)}`) }))} value={c.op} onChange={(v) => setCond(i, { op: (v ?? '=') as CustomOperator })} allowDeselect={false} comboboxProps={{ withinPortal: false }} aria-label={t('people.operator')} />
                <TextInput size="xs" value={c.value} onChange={(e) => setCond(i, { value: e.currentTarget.value })} placeholder={t('people.value')} style={{ flex: 1 }} aria-label={t('people.value')} />
                <ActionIcon variant="subtle" color="gray" onClick={() => setConds(conds.filter((_, j) => j !== i))} aria-label={t('common.remove')}><IconX size={14} /></ActionIcon>
              </Group>
            ))}
            <Group justify="flex-end" mt="xs">
              <Button variant="default" size="xs" onClick={() => { setDates({ createdFrom: '', createdTo: '', updatedFrom: '', updatedTo: '' }); setConds([]); }}>{t('common.clearAll')}</Button>
              <Button size="xs" type="submit">{t('common.apply')}</Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

function opName(o: CustomOperator): string {
  return { '=': 'eq', '!=': 'ne', '>=': 'gte', '<=': 'lte', '~': 'contains' }[o];
}
