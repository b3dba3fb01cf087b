import { Anchor, Badge, Group, MultiSelect, NumberInput, Select, Switch, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../../api/types.ts';
import { formatDate, formatNumber } from '../../components/format.ts';

function optionLabel(def: CustomField, value: string, lang: string): string {
  const o = def.options?.find((x) => x.value === value);
  return o ? (lang === 'en' ? o.label.en : o.label.de) : value;
}

/** The label of a custom field in the UI language. */
export function useFieldLabel() {
  const { i18n } = useTranslation();
  return (def: CustomField) => (i18n.language === 'en' ? def.label.en : def.label.de);
}

/** A custom field's value, shown by its type. */
export function CustomFieldValue({ def, value }: { def: CustomField; value: unknown }) {
  const { t, i18n } = useTranslation();
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return <Text fz="sm" c="gray.4">—</Text>;
  switch (def.type) {
    case 'boolean':
      return <Text fz="sm">{value ? t('common.yes') : t('common.no')}</Text>;
    case 'number':
      return <Text fz="sm">{typeof value === 'number' ? formatNumber(value) : String(value)}</Text>;
    case 'date':
      return <Text fz="sm">{formatDate(String(value))}</Text>;
    case 'url':
      return <Anchor fz="sm" href={String(value)} target="_blank" rel="noopener noreferrer">{String(value)}</Anchor>;
    case 'email':
      return <Anchor fz="sm" href={`mailto:${String(value)}`}>{String(value)}</Anchor>;
    case 'phone':
      return <Anchor fz="sm" href={`tel:${String(value)}`}>{String(value)}</Anchor>;
    case 'select':
      return <Badge variant="light" color="gray" style={{ textTransform: 'none' }}>{optionLabel(def, String(value), i18n.language)}</Badge>;
    case 'multi_select':
      return (
        <Group gap={4}>
          {(Array.isArray(value) ? value : [value]).map((v) => (
            <Badge key={String(v)} variant="light" color="gray" style={{ textTransform: 'none' }}>{optionLabel(def, String(v), i18n.language)}</Badge>
          ))}
        </Group>
      );
    case 'text':
      return <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</Text>;
    default: {
      const never: never = def.type;
      return <Text fz="sm">{String(never ?? value)}</Text>;
    }
  }
}

/** An input for a custom field, chosen by its type; `null` clears the value. */
export function CustomFieldInput({ def, value, onChange, error }: { def: CustomField; value: unknown; onChange: (v: unknown) => void; error?: string }) {
  const { i18n } = useTranslation();
  const label = i18n.language === 'en' ? def.label.en : def.label.de;
  const options = (def.options ?? []).map((o) => ({ value: o.value, label: i18n.language === 'en' ? o.label.en : o.label.de }));
  const str = value === null || value === undefined ? '' : String(value);
  switch (def.type) {
    case 'boolean':
      return <Switch label={label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} error={error} mt="xs" />;
    case 'number':
      return <NumberInput label={label} value={typeof value === 'number' ? value : str} onChange={(v) => onChange(v === '' ? null : typeof v === 'number' ? v : Number(v))} error={error} decimalSeparator={i18n.language === 'de' ? ',' : '.'} />;
    case 'date':
      return <TextInput type="date" label={label} value={str.slice(0, 10)} onChange={(e) => onChange(e.currentTarget.value || null)} error={error} />;
    case 'select':
      return <Select label={label} data={options} value={str || null} onChange={(v) => onChange(v)} clearable error={error} />;
    case 'multi_select':
      return <MultiSelect label={label} data={options} value={Array.isArray(value) ? value.map(String) : []} onChange={(v) => onChange(v.length ? v : null)} clearable error={error} />;
    case 'url':
    case 'email':
    case 'phone':
    case 'text':
      return <TextInput label={label} type={def.type === 'url' ? 'url' : def.type === 'email' ? 'email' : def.type === 'phone' ? 'tel' : 'text'} value={str} onChange={(e) => onChange(e.currentTarget.value || null)} error={error} />;
    default: {
      const never: never = def.type;
      return <TextInput label={label} value={String(never ?? '')} readOnly />;
    }
  }
}
