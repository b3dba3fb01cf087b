import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../api/client.ts';
import { useCreateContact } from '../../api/contacts.ts';
import type { ContactInput, LifecycleStage } from '../../api/types.ts';
import { IconMail, IconPhone } from '../../components/icons.tsx';
import { Key } from '../../components/kbd.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { TagInput } from '../../components/tag-input.tsx';
import { CompanyPicker, type CompanyChoice } from '../companies/company-picker.tsx';
import { LIFECYCLE_STAGES } from './lifecycle.ts';

/** The "new person" dialog (button "New" or the key N). Enter saves, Esc closes. */
export function CreatePersonModal({ preset, onClose }: { preset: { companyId?: string; companyName?: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateContact();
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [jobTitle, setJobTitle] = useState('');
  const [company, setCompany] = useState<CompanyChoice>({ id: preset.companyId ?? null, name: preset.companyName ?? '' });
  const [stage, setStage] = useState<LifecycleStage | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!firstName.trim() && !lastName.trim() && !email.trim()) local.lastName = t('people.needNameOrEmail');
    if (email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) local['emails.0.value'] = t('people.invalidEmail');
    setErrors(local);
    if (Object.keys(local).length) return;
    const input: ContactInput = {
      firstName: firstName.trim() || undefined,
      lastName: lastName.trim() || undefined,
      emails: email.trim() ? [{ value: email.trim() }] : undefined,
      phones: phone.trim() ? [{ value: phone.trim() }] : undefined,
      jobTitle: jobTitle.trim() || undefined,
      ...(company.id ? { companyId: company.id } : company.name.trim() ? { companyName: company.name.trim() } : {}),
      lifecycleStage: stage ?? undefined,
      tags: tags.length ? tags : undefined,
    };
    try {
      const c = await create.mutateAsync(input);
      notify({ kind: 'success', message: t('people.created_toast', { name: c.displayName }) });
      onClose();
      navigate(`/people/${c.id}`);
    } catch (err) {
      const fe = fieldErrors(err);
      if (Object.keys(fe).length) setErrors(fe);
      else notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };

  const err = (...keys: string[]) => keys.map((k) => errors[k]).find(Boolean);

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{t('people.newTitle')}</Text>} size={560} data-testid="create-person-modal">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label={t('people.field.firstName')} value={firstName} onChange={(e) => setFirstName(e.currentTarget.value)} data-autofocus name="firstName" error={err('firstName')} />
            <TextInput label={t('people.field.lastName')} value={lastName} onChange={(e) => setLastName(e.currentTarget.value)} name="lastName" error={err('lastName')} />
          </SimpleGrid>
          <TextInput label={t('people.field.email')} type="email" leftSection={<IconMail size={16} />} value={email} onChange={(e) => setEmail(e.currentTarget.value)} name="email" error={err('emails.0.value', 'emails.0', 'emails')} />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label={t('people.field.phone')} leftSection={<IconPhone size={16} />} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} name="phone" error={err('phones.0.value', 'phones')} />
            <TextInput label={t('people.field.jobTitle')} value={jobTitle} onChange={(e) => setJobTitle(e.currentTarget.value)} name="jobTitle" error={err('jobTitle')} />
          </SimpleGrid>
          <CompanyPicker value={company} onChange={setCompany} error={err('companyId', 'companyName')} />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Select
              label={t('people.field.stage')}
              data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
              value={stage}
              onChange={(v) => setStage(v as LifecycleStage | null)}
              clearable
              placeholder={t('common.none')}
              error={err('lifecycleStage')}
            />
            <TagInput label={t('people.col.tags')} value={tags} onChange={setTags} error={err('tags')} />
          </SimpleGrid>
          <Group justify="space-between" mt="sm">
            <Group gap={4}><Key>Enter</Key><Text fz="xs" c="dimmed">{t('common.toSave')}</Text><Key>Esc</Key><Text fz="xs" c="dimmed">{t('common.toCancel')}</Text></Group>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="submit" loading={create.isPending} data-testid="create-person-submit">{t('people.create')}</Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
