import { Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../api/client.ts';
import { useCreateCompany } from '../../api/contacts.ts';
import type { CompanyInput } from '../../api/types.ts';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { TagInput } from '../../components/tag-input.tsx';

/** The "new company" dialog. */
export function CreateCompanyModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateCompany();
  const [v, setV] = useState({ name: '', domain: '', website: '', phone: '', industry: '', size: '' });
  const [tags, setTags] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement>) => setV({ ...v, [k]: e.currentTarget.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!v.name.trim()) {
      setErrors({ name: t('companies.nameRequired') });
      return;
    }
    const input: CompanyInput = { name: v.name.trim(), tags: tags.length ? tags : undefined };
    for (const k of ['domain', 'website', 'phone', 'industry', 'size'] as const) if (v[k].trim()) input[k] = v[k].trim();
    try {
      const c = await create.mutateAsync(input);
      notify({ kind: 'success', message: t('companies.createdToast', { name: c.name }) });
      onClose();
      navigate(`/companies/${c.id}`);
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      if (!Object.keys(fe).length) notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{t('companies.newTitle')}</Text>} size={540}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('companies.field.name')} value={v.name} onChange={set('name')} error={errors.name} required data-autofocus data-testid="company-name" />
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label={t('companies.field.domain')} placeholder="beispiel.de" value={v.domain} onChange={set('domain')} error={errors.domain} />
            <TextInput label={t('companies.field.website')} placeholder="https://" value={v.website} onChange={set('website')} error={errors.website} />
            <TextInput label={t('companies.field.phone')} value={v.phone} onChange={set('phone')} error={errors.phone} />
            <TextInput label={t('companies.field.industry')} value={v.industry} onChange={set('industry')} error={errors.industry} />
            <TextInput label={t('companies.field.size')} placeholder="11–50" value={v.size} onChange={set('size')} error={errors.size} />
          </SimpleGrid>
          <TagInput label={t('people.col.tags')} value={tags} onChange={setTags} error={errors.tags} />
          <Group justify="flex-end" mt="sm" gap="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending} data-testid="create-company-submit">{t('companies.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
