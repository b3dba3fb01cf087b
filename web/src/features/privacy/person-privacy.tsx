import { Alert, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { personalDataUrl, useErasePerson } from '../../api/privacy.ts';
import { useSession } from '../../api/session.tsx';
import type { Contact } from '../../api/types.ts';
import { IconAlert, IconDownload, IconShield } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';

/** True when the user may see any of the person's privacy actions (the actions menu shows them). */
export function usePrivacyActions(): boolean {
  const { can } = useSession();
  return can('privacy:export') || can('privacy:erase');
}

/** Menu items of the person page: download the person's data (JSON, readable page) and erase them. */
export function PersonPrivacyItems({ contact: c, onErase }: { contact: Contact; onErase: () => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const lang = i18n.language === 'de' ? 'de' : 'en';
  return (
    <>
      {can('privacy:export') && (
        <>
          <Menu.Label>{t('privacy.export.label')}</Menu.Label>
          <Menu.Item component="a" href={personalDataUrl(c.id, 'json')} download leftSection={<IconDownload size={14} />} data-testid="export-personal-json">
            {t('privacy.export.json')}
          </Menu.Item>
          <Menu.Item component="a" href={personalDataUrl(c.id, 'html', lang)} download leftSection={<IconDownload size={14} />} data-testid="export-personal-html">
            {t('privacy.export.html')}
          </Menu.Item>
        </>
      )}
      {can('privacy:erase') && (
        <Menu.Item color="red" leftSection={<IconShield size={14} />} onClick={onErase} data-testid="erase-person">{t('privacy.erase.menu')}</Menu.Item>
      )}
    </>
  );
}

// As the server compares: without case and runs of spaces.
const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');

/** Asks to type the person's name, then erases them for good and leaves their page. */
export function ErasePersonModal({ contact: c, opened, onClose }: { contact: Contact; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const erase = useErasePerson();
  const [typed, setTyped] = useState('');
  const matches = fold(typed) === fold(c.displayName);

  const close = () => {
    setTyped('');
    onClose();
  };
  const submit = async () => {
    try {
      const r = await erase.mutateAsync({ id: c.id, confirm: typed });
      notify({ kind: 'success', message: t('privacy.erase.done', { name: c.displayName }) });
      if (r.importFilesKept > 0) {
        notify({
          kind: 'info',
          message: r.importFilesRetentionMonths === null
            ? t('privacy.erase.filesKeptForever', { count: r.importFilesKept })
            : t('privacy.erase.filesKept', { count: r.importFilesKept, months: r.importFilesRetentionMonths }),
        });
      }
      close();
      navigate('/people');
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={700}>{t('privacy.erase.title', { name: c.displayName })}</Text>} centered>
      <form onSubmit={(e) => { e.preventDefault(); if (matches) void submit(); }}>
        <Stack gap="sm">
          <Text fz="sm">{t('privacy.erase.text')}</Text>
          <Alert color="yellow" variant="light" icon={<IconAlert />}>
            <Text fz="sm">{t('privacy.erase.hint')}</Text>
          </Alert>
          <TextInput
            label={t('privacy.erase.confirmLabel', { name: c.displayName })}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            data-autofocus
            data-testid="erase-confirm"
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" color="red" disabled={!matches} loading={erase.isPending} data-testid="erase-submit">{t('privacy.erase.button')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
