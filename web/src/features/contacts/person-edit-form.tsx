import { Button, Divider, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useCustomFields, useUpdateContact } from '../../api/contacts.ts';
import { useSession } from '../../api/session.tsx';
import type { AddressEntry, Contact, ContactPatch, EmailEntry, LifecycleStage, PhoneEntry } from '../../api/types.ts';
import { useUsers } from '../../api/users.ts';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { TagInput } from '../../components/tag-input.tsx';
import { CompanyPicker, type CompanyChoice } from '../companies/company-picker.tsx';
import { CustomFieldInput } from '../records/custom-fields.tsx';
import { AddressesEditor, EmailsEditor, PhonesEditor, cleanEntries } from '../records/multi-value.tsx';
import { LIFECYCLE_STAGES } from './lifecycle.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Edits every field of a person; sends only what changed. Enter saves, Esc cancels. */
export function PersonEditForm({ contact: c, onDone }: { contact: Contact; onDone: () => void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const { users } = useUsers();
  const update = useUpdateContact(c.id);
  const fields = useCustomFields('contact');
  const [firstName, setFirstName] = useState(c.firstName ?? '');
  const [lastName, setLastName] = useState(c.lastName ?? '');
  const [jobTitle, setJobTitle] = useState(c.jobTitle ?? '');
  const [company, setCompany] = useState<CompanyChoice>({ id: c.company?.id ?? null, name: c.company?.name ?? '' });
  const [emails, setEmails] = useState<EmailEntry[]>(c.emails.length ? c.emails : [{ value: '' }]);
  const [phones, setPhones] = useState<PhoneEntry[]>(c.phones);
  const [addresses, setAddresses] = useState<AddressEntry[]>(c.addresses);
  const [website, setWebsite] = useState(c.website ?? '');
  const [birthday, setBirthday] = useState(c.birthday ?? '');
  const [language, setLanguage] = useState<string | null>(c.language);
  const [stage, setStage] = useState<string | null>(c.lifecycleStage);
  const [ownerId, setOwnerId] = useState<string | null>(c.ownerId);
  const [tags, setTags] = useState(c.tags);
  const [custom, setCustom] = useState<Record<string, unknown>>(c.custom);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch: ContactPatch = {};
    if (firstName.trim() !== (c.firstName ?? '')) patch.firstName = firstName.trim();
    if (lastName.trim() !== (c.lastName ?? '')) patch.lastName = lastName.trim();
    if (jobTitle.trim() !== (c.jobTitle ?? '')) patch.jobTitle = jobTitle.trim();
    if (website.trim() !== (c.website ?? '')) patch.website = website.trim();
    if (birthday && birthday !== (c.birthday ?? '')) patch.birthday = birthday;
    if (language && language !== c.language) patch.language = language as 'de' | 'en';
    if (stage && stage !== c.lifecycleStage) patch.lifecycleStage = stage as LifecycleStage;
    if (ownerId !== c.ownerId) patch.ownerId = ownerId;
    if (!same(tags, c.tags)) patch.tags = tags;
    const em = cleanEntries(emails, ['value']);
    const ph = cleanEntries(phones, ['value']);
    const ad = cleanEntries(addresses, ['street', 'city', 'postalCode', 'country']);
    if (!same(em, c.emails)) patch.emails = em;
    if (!same(ph, c.phones.map(({ e164: _e, ...p }) => p))) patch.phones = ph;
    if (!same(ad, c.addresses)) patch.addresses = ad;
    if (company.id !== (c.company?.id ?? null) || (!company.id && company.name.trim() !== (c.company?.name ?? ''))) {
      if (company.id) patch.companyId = company.id;
      else if (company.name.trim()) patch.companyName = company.name.trim();
      else patch.companyId = null;
    }
    const changedCustom = Object.fromEntries(Object.entries(custom).filter(([k, v]) => !same(v, c.custom[k])));
    if (Object.keys(changedCustom).length) patch.custom = changedCustom;
    if (!Object.keys(patch).length) {
      onDone();
      return;
    }
    try {
      await update.mutateAsync(patch);
      notify({ kind: 'success', message: t('person.saved') });
      onDone();
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      notify({ kind: 'error', title: t('errors.saveFailed'), message: errorMessage(err, t) });
    }
  };

  return (
    <form onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()} noValidate data-testid="person-edit-form">
      <Stack gap="sm">
        <Text fw={650} fz="md">{t('person.editTitle')}</Text>
        <SimpleGrid cols={2} spacing="sm">
          <TextInput label={t('people.field.firstName')} value={firstName} onChange={(e) => setFirstName(e.currentTarget.value)} error={errors.firstName} autoFocus />
          <TextInput label={t('people.field.lastName')} value={lastName} onChange={(e) => setLastName(e.currentTarget.value)} error={errors.lastName} />
        </SimpleGrid>
        <TextInput label={t('fields.jobTitle')} value={jobTitle} onChange={(e) => setJobTitle(e.currentTarget.value)} error={errors.jobTitle} />
        <CompanyPicker value={company} onChange={setCompany} error={errors.companyId ?? errors.companyName} />
        <Divider my={4} />
        <EmailsEditor value={emails} onChange={setEmails} errors={errors} />
        <PhonesEditor value={phones} onChange={setPhones} errors={errors} />
        <AddressesEditor value={addresses} onChange={setAddresses} errors={errors} />
        <Divider my={4} />
        <TextInput label={t('fields.website')} value={website} onChange={(e) => setWebsite(e.currentTarget.value)} error={errors.website} placeholder="https://" />
        <SimpleGrid cols={2} spacing="sm">
          <TextInput type="date" label={t('fields.birthday')} value={birthday} onChange={(e) => setBirthday(e.currentTarget.value)} error={errors.birthday} />
          <Select label={t('fields.language')} data={[{ value: 'de', label: 'Deutsch' }, { value: 'en', label: 'English' }]} value={language} onChange={setLanguage} error={errors.language} />
          <Select label={t('people.field.stage')} data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} value={stage} onChange={setStage} error={errors.lifecycleStage} />
          <Select
            label={t('people.col.owner')}
            data={[...users.map((u) => ({ value: u.id, label: u.id === session.user.id ? `${u.name} (${t('people.me')})` : u.name })), ...(c.ownerId && !users.some((u) => u.id === c.ownerId) ? [{ value: c.ownerId, label: t('people.otherUser') }] : [])]}
            value={ownerId}
            onChange={setOwnerId}
            clearable
            placeholder={t('common.none')}
            error={errors.ownerId}
          />
        </SimpleGrid>
        <TagInput label={t('people.col.tags')} value={tags} onChange={setTags} error={errors.tags} />
        {(fields.data ?? []).length > 0 && (
          <>
            <Divider my={4} label={t('person.customFields')} labelPosition="left" />
            {fields.data!.map((d) => (
              <CustomFieldInput key={d.key} def={d} value={custom[d.key]} onChange={(v) => setCustom((cu) => ({ ...cu, [d.key]: v }))} error={errors[`custom.${d.key}`] ?? (errors.custom && errors.custom.includes(d.key) ? errors.custom : undefined)} />
            ))}
          </>
        )}
        <Group justify="flex-end" mt="sm" gap="sm">
          <Button variant="default" onClick={onDone}>{t('common.cancel')}</Button>
          <Button type="submit" loading={update.isPending} data-testid="save-person">{t('common.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
