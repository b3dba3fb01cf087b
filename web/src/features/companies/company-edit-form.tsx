import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useUpdateCompany } from '../../api/contacts.ts';
import type { AddressEntry, Company, CompanyPatch } from '../../api/types.ts';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { TagInput } from '../../components/tag-input.tsx';
import { AddressesEditor, cleanEntries } from '../records/multi-value.tsx';

/** Edits a company; sends only what changed. */
export function CompanyEditForm({ company: c, onDone }: { company: Company; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateCompany(c.id);
  const [v, setV] = useState({ name: c.name, domain: c.domain ?? '', website: c.website ?? '', phone: c.phone ?? '', industry: c.industry ?? '', size: c.size ?? '' });
  const [tags, setTags] = useState(c.tags);
  const [addresses, setAddresses] = useState<AddressEntry[]>(c.addresses);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement>) => setV({ ...v, [k]: e.currentTarget.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!v.name.trim()) {
      setErrors({ name: t('companies.nameRequired') });
      return;
    }
    const patch: CompanyPatch = {};
    for (const k of ['name', 'domain', 'website', 'phone', 'industry', 'size'] as const) {
      if (v[k].trim() !== (c[k] ?? '')) patch[k] = v[k].trim();
    }
    if (JSON.stringify(tags) !== JSON.stringify(c.tags)) patch.tags = tags;
    const ad = cleanEntries(addresses, ['street', 'city', 'postalCode', 'country']);
    if (JSON.stringify(ad) !== JSON.stringify(c.addresses)) patch.addresses = ad;
    if (!Object.keys(patch).length) return onDone();
    try {
      await update.mutateAsync(patch);
      notify({ kind: 'success', message: t('person.saved') });
      onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
      notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };

  return (
    <form onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()} noValidate>
      <Stack gap="sm">
        <Text fw={650}>{t('companies.editTitle')}</Text>
        <TextInput label={t('companies.field.name')} value={v.name} onChange={set('name')} error={errors.name} autoFocus required />
        <SimpleGrid cols={2} spacing="sm">
          <TextInput label={t('companies.field.domain')} value={v.domain} onChange={set('domain')} error={errors.domain} />
          <TextInput label={t('companies.field.website')} value={v.website} onChange={set('website')} error={errors.website} />
          <TextInput label={t('companies.field.phone')} value={v.phone} onChange={set('phone')} error={errors.phone} />
          <TextInput label={t('companies.field.industry')} value={v.industry} onChange={set('industry')} error={errors.industry} />
          <TextInput label={t('companies.field.size')} value={v.size} onChange={set('size')} error={errors.size} />
        </SimpleGrid>
        <AddressesEditor value={addresses} onChange={setAddresses} errors={errors} />
        <TagInput label={t('people.col.tags')} value={tags} onChange={setTags} error={errors.tags} />
        <Group justify="flex-end" mt="sm" gap="sm">
          <Button variant="default" onClick={onDone}>{t('common.cancel')}</Button>
          <Button type="submit" loading={update.isPending}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
