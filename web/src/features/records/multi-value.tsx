import { ActionIcon, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@parley/contracts/limits';
import type { AddressEntry, EmailEntry, PhoneEntry } from '../../api/types.ts';
import { IconPlus, IconX } from '../../components/icons.tsx';

type Errors = Record<string, string>;

/** E-mail addresses with labels; errors are keyed `emails.<i>.value`. */
export function EmailsEditor({ value, onChange, errors }: { value: EmailEntry[]; onChange: (v: EmailEntry[]) => void; errors: Errors }) {
  const { t } = useTranslation();
  return (
    <ListEditor
      title={t('fields.emails')}
      items={value}
      onChange={onChange}
      blank={{ value: '', label: '' }}
      render={(e, set, i) => (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <TextInput style={{ flex: 2 }} type="email" placeholder="name@firma.de" value={e.value} onChange={(ev) => set({ ...e, value: ev.currentTarget.value })} error={errors[`emails.${i}.value`] ?? errors[`emails.${i}`]} aria-label={t('fields.email')} />
          <TextInput style={{ flex: 1 }} placeholder={t('fields.labelPlaceholder')} value={e.label ?? ''} onChange={(ev) => set({ ...e, label: ev.currentTarget.value })} aria-label={t('fields.label')} />
        </Group>
      )}
    />
  );
}

/** Phone numbers with labels. */
export function PhonesEditor({ value, onChange, errors }: { value: PhoneEntry[]; onChange: (v: PhoneEntry[]) => void; errors: Errors }) {
  const { t } = useTranslation();
  return (
    <ListEditor
      title={t('fields.phones')}
      items={value}
      onChange={onChange}
      blank={{ value: '', label: '' }}
      render={(p, set, i) => (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <TextInput style={{ flex: 2 }} type="tel" placeholder="+49 30 1234567" value={p.value} onChange={(ev) => set({ value: ev.currentTarget.value, label: p.label })} error={errors[`phones.${i}.value`] ?? errors[`phones.${i}`]} aria-label={t('fields.phone')} />
          <TextInput style={{ flex: 1 }} placeholder={t('fields.labelPlaceholder')} value={p.label ?? ''} onChange={(ev) => set({ ...p, label: ev.currentTarget.value })} aria-label={t('fields.label')} />
        </Group>
      )}
    />
  );
}

/** Postal addresses. */
export function AddressesEditor({ value, onChange, errors }: { value: AddressEntry[]; onChange: (v: AddressEntry[]) => void; errors: Errors }) {
  const { t } = useTranslation();
  return (
    <ListEditor
      title={t('fields.addresses')}
      items={value}
      onChange={onChange}
      blank={{ label: '', street: '', postalCode: '', city: '', country: '' }}
      render={(a, set, i) => (
        <Paper withBorder p="xs" radius="md" style={{ flex: 1 }}>
          <SimpleGrid cols={2} spacing={6} verticalSpacing={6}>
            <TextInput size="xs" label={t('fields.street')} value={a.street ?? ''} onChange={(e) => set({ ...a, street: e.currentTarget.value })} style={{ gridColumn: '1 / -1' }} error={errors[`addresses.${i}.street`]} />
            <TextInput size="xs" label={t('fields.postalCode')} value={a.postalCode ?? ''} onChange={(e) => set({ ...a, postalCode: e.currentTarget.value })} error={errors[`addresses.${i}.postalCode`]} />
            <TextInput size="xs" label={t('fields.city')} value={a.city ?? ''} onChange={(e) => set({ ...a, city: e.currentTarget.value })} error={errors[`addresses.${i}.city`]} />
            <TextInput size="xs" label={t('fields.country')} value={a.country ?? ''} onChange={(e) => set({ ...a, country: e.currentTarget.value })} />
            <TextInput size="xs" label={t('fields.label')} placeholder={t('fields.labelPlaceholder')} value={a.label ?? ''} onChange={(e) => set({ ...a, label: e.currentTarget.value })} />
          </SimpleGrid>
        </Paper>
      )}
    />
  );
}

function ListEditor<T>({ title, items, onChange, blank, render }: {
  title: string; items: T[]; onChange: (v: T[]) => void; blank: T; render: (item: T, set: (v: T) => void, index: number) => React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      <Text fz="sm" fw={500}>{title}</Text>
      {items.map((item, i) => (
        <Group key={i} gap={6} wrap="nowrap" align="flex-start">
          <div style={{ flex: 1 }}>{render(item, (v) => onChange(items.map((x, j) => (j === i ? v : x))), i)}</div>
          <ActionIcon variant="subtle" color="gray" mt={6} onClick={() => onChange(items.filter((_, j) => j !== i))} aria-label={t('common.remove')}>
            <IconX size={14} />
          </ActionIcon>
        </Group>
      ))}
      {items.length < LIMITS.multiValues && (
        <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onChange([...items, { ...blank }])} style={{ alignSelf: 'flex-start' }}>
          {t('common.add')}
        </Button>
      )}
    </Stack>
  );
}

/** Drops empty entries and empty labels before sending. */
export function cleanEntries<T extends Record<string, unknown>>(list: T[], required: (keyof T)[]): T[] {
  return list
    .map((e) => Object.fromEntries(Object.entries(e).filter(([k, v]) => k !== 'e164' && (typeof v === 'string' ? v.trim() !== '' : v !== undefined)).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as T)
    .filter((e) => required.some((k) => typeof e[k] === 'string' && (e[k] as string) !== ''));
}
