import { Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { SESSION_KEY, useSession } from '../../api/session.tsx';
import type { Language, SessionInfo } from '../../api/types.ts';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { SettingsSection } from './section.tsx';

/** The signed-in user's own name and language. */
export function ProfileSettings() {
  const { t } = useTranslation();
  const { session, setLanguage } = useSession();
  const qc = useQueryClient();
  const [name, setName] = useState(session.user.name);
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    try {
      await api.patch('/api/me', { name: name.trim() });
      qc.setQueryData<SessionInfo | null>(SESSION_KEY, (s) => (s ? { ...s, user: { ...s.user, name: name.trim() } } : s));
      void qc.invalidateQueries({ queryKey: ['users'] });
      notify({ kind: 'success', message: t('settings.saved') });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <SettingsSection title={t('settings.profile.title')} description={t('settings.profile.description')}>
      <form onSubmit={save}>
        <Stack gap="md" maw={480}>
          <TextInput label={t('fields.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          <TextInput label={t('fields.email')} value={session.user.email} readOnly disabled />
          <div>
            <Text fz="sm" fw={500} mb={4}>{t('user.language')}</Text>
            <SegmentedControl
              value={session.user.language}
              onChange={(v) => void setLanguage(v as Language).catch((err: unknown) => notify({ kind: 'error', message: errorMessage(err, t) }))}
              data={[{ value: 'de', label: 'Deutsch' }, { value: 'en', label: 'English' }]}
            />
          </div>
          <Group><Button type="submit" loading={busy}>{t('common.save')}</Button></Group>
        </Stack>
      </form>
    </SettingsSection>
  );
}
