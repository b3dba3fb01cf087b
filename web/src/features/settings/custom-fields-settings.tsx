import { ActionIcon, Badge, Button, Code, Group, Menu, Modal, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrors } from '../../api/client.ts';
import { useCustomFields } from '../../api/contacts.ts';
import { useCustomFieldMutations } from '../../api/settings.ts';
import type { CustomField, CustomFieldType } from '../../api/types.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { IconDots, IconForms, IconPlus, IconX } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { SettingsSection } from './section.tsx';

/** The contract's CUSTOM_FIELD_TYPES. */
const TYPES = ['text', 'number', 'date', 'boolean', 'select', 'multi_select', 'url', 'email', 'phone'] as const satisfies readonly CustomFieldType[];
type Entity = 'contact' | 'company';
type Option = { value: string; label: { de: string; en: string } };

/** A key from a label: "Kundennummer (alt)" -> "kundennummer_alt". */
export function keyFromLabel(label: string): string {
  const k = label.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 63);
  return /^[a-z]/.test(k) ? k : k ? `f_${k}`.slice(0, 63) : '';
}

/** Custom fields of people and companies: define, relabel, reorder options, delete. */
export function CustomFieldsSettings() {
  const { t, i18n } = useTranslation();
  const [entity, setEntity] = useState<Entity>('contact');
  const fields = useCustomFields(entity);
  const { remove } = useCustomFieldMutations();
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'de';

  const del = async (f: CustomField) => {
    if (!(await confirmAction({ title: t('settings.fields.deleteTitle'), message: t('settings.fields.deleteText', { label: f.label[lang] }), confirmLabel: t('common.delete'), danger: true }))) return;
    try {
      await remove.mutateAsync(f.id);
      notify({ kind: 'success', message: t('settings.fields.deleted', { label: f.label[lang] }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <SettingsSection
      title={t('settings.fields.title')}
      description={t('settings.fields.description')}
      actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('settings.fields.new')}</Button>}
    >
      <SegmentedControl mb="md" value={entity} onChange={(v) => setEntity(v as Entity)} data={[{ value: 'contact', label: t('nav.people') }, { value: 'company', label: t('nav.companies') }]} />
      {fields.isError ? <QueryError error={fields.error} /> : fields.data?.length === 0 ? (
        <Stack align="center" py="xl" c="dimmed" gap={6}><IconForms size={28} /><Text fz="sm">{t('settings.fields.empty')}</Text></Stack>
      ) : (
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.fields.label')}</Table.Th>
              <Table.Th w={200}>{t('settings.fields.key')}</Table.Th>
              <Table.Th w={150}>{t('settings.fields.type')}</Table.Th>
              <Table.Th>{t('settings.fields.options')}</Table.Th>
              <Table.Th w={50} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(fields.data ?? []).map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td><Text fz="sm" fw={600}>{f.label[lang]}</Text><Text fz="xs" c="dimmed">{f.label[lang === 'de' ? 'en' : 'de']}</Text></Table.Td>
                <Table.Td><Code>{f.key}</Code></Table.Td>
                <Table.Td><Badge variant="light" color="gray" style={{ textTransform: 'none', overflow: 'visible' }}>{t(`settings.fields.typeName.${f.type}`)}</Badge></Table.Td>
                <Table.Td><Text fz="sm" c="dimmed" lineClamp={1}>{f.options?.map((o) => o.label[lang]).join(', ') || '—'}</Text></Table.Td>
                <Table.Td>
                  <Menu position="bottom-end">
                    <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon></Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setEditing(f)}>{t('common.edit')}</Menu.Item>
                      <Menu.Item color="red" onClick={() => void del(f)}>{t('common.delete')}</Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <FieldModal field={editing === 'new' ? undefined : editing} entity={entity} onClose={() => setEditing(null)} />}
    </SettingsSection>
  );
}

function FieldModal({ field, entity, onClose }: { field?: CustomField; entity: Entity; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useCustomFieldMutations();
  const [labelDe, setLabelDe] = useState(field?.label.de ?? '');
  const [labelEn, setLabelEn] = useState(field?.label.en ?? '');
  const [key, setKey] = useState(field?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(!!field);
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'text');
  const [options, setOptions] = useState<Option[]>(field?.options ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const hasOptions = type === 'select' || type === 'multi_select';

  const save = async (force = false) => {
    const label = { de: labelDe.trim(), en: labelEn.trim() || labelDe.trim() };
    const opts = hasOptions
      ? options.filter((o) => o.value.trim() || o.label.de.trim()).map((o) => {
        const value = o.value.trim() || keyFromLabel(o.label.de);
        return { value, label: { de: o.label.de.trim() || value, en: o.label.en.trim() || o.label.de.trim() || value } };
      })
      : undefined;
    try {
      if (field) await m.update.mutateAsync({ id: field.id, patch: { label, ...(hasOptions ? { options: opts } : {}) }, force });
      else await m.create.mutateAsync({ entity, key, label, type, options: opts });
      notify({ kind: 'success', message: t('settings.saved') });
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'option_in_use' && !force) {
        if (await confirmAction({ title: t('settings.fields.optionInUseTitle'), message: err.message, confirmLabel: t('settings.fields.removeAnyway'), danger: true })) await save(true);
        return;
      }
      const fe = fieldErrors(err);
      setErrors(fe);
      if (!Object.keys(fe).length) notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!labelDe.trim()) return setErrors({ 'label.de': t('settings.fields.labelRequired') });
    void save();
  };
  const setOpt = (i: number, o: Option) => setOptions(options.map((x, j) => (j === i ? o : x)));

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{field ? t('settings.fields.editTitle') : t('settings.fields.new')}</Text>} size={600}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label={t('settings.fields.labelDe')} value={labelDe} required data-autofocus error={errors['label.de'] ?? errors.label}
              onChange={(e) => { const v = e.currentTarget.value; setLabelDe(v); if (!keyTouched) setKey(keyFromLabel(v)); }} />
            <TextInput label={t('settings.fields.labelEn')} value={labelEn} onChange={(e) => setLabelEn(e.currentTarget.value)} error={errors['label.en']} placeholder={labelDe} />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label={t('settings.fields.key')} description={t('settings.fields.keyHint')} value={key} disabled={!!field} error={errors.key}
              onChange={(e) => { setKeyTouched(true); setKey(e.currentTarget.value.toLowerCase()); }} styles={{ input: { fontFamily: 'monospace' } }} />
            <Select label={t('settings.fields.type')} description={field ? t('settings.fields.typeFixed') : '\u00a0'} data={TYPES.map((x) => ({ value: x, label: t(`settings.fields.typeName.${x}`) }))} value={type} onChange={(v) => v && setType(v as CustomFieldType)} disabled={!!field} allowDeselect={false} />
          </SimpleGrid>
          {hasOptions && (
            <Stack gap={6}>
              <Text fz="sm" fw={500}>{t('settings.fields.options')}</Text>
              {errors.options && <Text fz="xs" c="red">{errors.options}</Text>}
              {options.map((o, i) => (
                <Group key={i} gap={6} wrap="nowrap">
                  <TextInput size="xs" placeholder={t('settings.fields.optionValue')} value={o.value} onChange={(e) => setOpt(i, { ...o, value: e.currentTarget.value })} style={{ flex: 1 }} aria-label={t('settings.fields.optionValue')} styles={{ input: { fontFamily: 'monospace' } }} />
                  <TextInput size="xs" placeholder="Deutsch" value={o.label.de} onChange={(e) => setOpt(i, { ...o, label: { ...o.label, de: e.currentTarget.value } })} style={{ flex: 1.3 }} aria-label={t('settings.fields.labelDe')} />
                  <TextInput size="xs" placeholder="English" value={o.label.en} onChange={(e) => setOpt(i, { ...o, label: { ...o.label, en: e.currentTarget.value } })} style={{ flex: 1.3 }} aria-label={t('settings.fields.labelEn')} />
                  <ActionIcon variant="subtle" color="gray" onClick={() => setOptions(options.filter((_, j) => j !== i))} aria-label={t('common.remove')}><IconX size={14} /></ActionIcon>
                </Group>
              ))}
              <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} />} style={{ alignSelf: 'flex-start' }} onClick={() => setOptions([...options, { value: '', label: { de: '', en: '' } }])}>{t('settings.fields.addOption')}</Button>
            </Stack>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={m.create.isPending || m.update.isPending}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
