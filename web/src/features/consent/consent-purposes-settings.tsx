import { ActionIcon, Badge, Button, Center, Code, Group, Loader, Menu, Modal, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_LIMITS, LEGAL_BASES } from '@parley/contracts/consent';
import { fieldErrors } from '../../api/client.ts';
import { useConsentPurpose, useConsentPurposeMutations, useConsentPurposes, type ConsentPurpose, type LegalBasis } from '../../api/consent.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { formatDate, formatDateTime } from '../../components/format.ts';
import { IconDots, IconPlus, IconShield } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { keyFromLabel } from '../settings/custom-fields-settings.tsx';
import { SettingsSection } from '../settings/section.tsx';
import { useLang } from './consent-panel.tsx';

/** Consent purposes: create, reword (each change of wording is a new version), archive and restore. */
export function ConsentPurposesSettings() {
  const { t } = useTranslation();
  const lang = useLang();
  const [showArchived, setShowArchived] = useState(false);
  const purposes = useConsentPurposes(showArchived);
  const { update } = useConsentPurposeMutations();
  const [editing, setEditing] = useState<ConsentPurpose | 'new' | null>(null);
  const [versionsOf, setVersionsOf] = useState<ConsentPurpose | null>(null);

  const setArchived = async (p: ConsentPurpose, archived: boolean) => {
    if (archived && !(await confirmAction({ title: t('settings.consent.archiveTitle'), message: t('settings.consent.archiveText', { title: p.title[lang] }), confirmLabel: t('settings.consent.archive') }))) return;
    try {
      await update.mutateAsync({ id: p.id, patch: { archived } });
      notify({ kind: 'success', message: archived ? t('settings.consent.archived', { title: p.title[lang] }) : t('settings.consent.restored', { title: p.title[lang] }) });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <SettingsSection
      title={t('settings.consent.title')}
      description={t('settings.consent.description')}
      actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('settings.consent.new')}</Button>}
    >
      <Switch mb="md" label={t('settings.consent.showArchived')} checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} />
      {purposes.isPending ? <Center p="lg"><Loader size="sm" /></Center> : purposes.isError ? <QueryError error={purposes.error} onRetry={() => void purposes.refetch()} /> : purposes.data.length === 0 ? (
        <Stack align="center" py="xl" c="dimmed" gap={6}><IconShield size={28} /><Text fz="sm">{t('settings.consent.empty')}</Text></Stack>
      ) : (
        <Table verticalSpacing="sm" highlightOnHover data-testid="consent-purposes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.consent.purpose')}</Table.Th>
              <Table.Th w={190}>{t('settings.consent.legalBasis')}</Table.Th>
              <Table.Th w={150}>{t('settings.consent.doubleOptIn')}</Table.Th>
              <Table.Th w={90}>{t('settings.consent.version')}</Table.Th>
              <Table.Th w={50} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {purposes.data.map((p) => (
              <Table.Tr key={p.id} data-testid={`purpose-${p.key}`}>
                <Table.Td>
                  <Group gap={6}>
                    <Text fz="sm" fw={600}>{p.title[lang]}</Text>
                    {p.archivedAt && <Badge size="xs" color="gray" variant="outline" style={{ textTransform: 'none' }}>{t('settings.consent.archivedBadge', { date: formatDate(p.archivedAt) })}</Badge>}
                  </Group>
                  <Code fz="xs">{p.key}</Code>
                </Table.Td>
                <Table.Td><Text fz="sm">{t(`consent.basis.${p.legalBasis}`)}</Text></Table.Td>
                <Table.Td>{p.doubleOptIn ? <Badge variant="light" color="indigo" style={{ textTransform: 'none' }}>{t('common.yes')}</Badge> : <Text fz="sm" c="dimmed">{t('common.no')}</Text>}</Table.Td>
                <Table.Td><Text fz="sm">v{p.currentVersion}</Text></Table.Td>
                <Table.Td>
                  <Menu position="bottom-end">
                    <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon></Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setEditing(p)}>{t('common.edit')}</Menu.Item>
                      <Menu.Item onClick={() => setVersionsOf(p)}>{t('settings.consent.versions')}</Menu.Item>
                      {p.archivedAt
                        ? <Menu.Item onClick={() => void setArchived(p, false)}>{t('settings.consent.restore')}</Menu.Item>
                        : <Menu.Item color="red" onClick={() => void setArchived(p, true)}>{t('settings.consent.archive')}</Menu.Item>}
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <PurposeModal purpose={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
      {versionsOf && <VersionsModal purpose={versionsOf} onClose={() => setVersionsOf(null)} />}
    </SettingsSection>
  );
}

function PurposeModal({ purpose, onClose }: { purpose?: ConsentPurpose; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useConsentPurposeMutations();
  const [key, setKey] = useState(purpose?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(!!purpose);
  const [legalBasis, setLegalBasis] = useState<LegalBasis>(purpose?.legalBasis ?? 'consent');
  const [doubleOptIn, setDoubleOptIn] = useState(purpose?.doubleOptIn ?? false);
  const [title, setTitle] = useState(purpose?.title ?? { de: '', en: '' });
  const [wording, setWording] = useState(purpose?.wording ?? { de: '', en: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reworded = !!purpose && (title.de.trim() !== purpose.title.de || title.en.trim() !== purpose.title.en || wording.de.trim() !== purpose.wording.de || wording.en.trim() !== purpose.wording.en);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    for (const [field, v] of [['title.de', title.de], ['title.en', title.en], ['wording.de', wording.de], ['wording.en', wording.en]] as const) {
      if (!v.trim()) missing[field] = t('settings.consent.required');
    }
    if (!purpose && !key) missing.key = t('settings.consent.required');
    if (Object.keys(missing).length) return setErrors(missing);
    const texts = { title: { de: title.de.trim(), en: title.en.trim() }, wording: { de: wording.de.trim(), en: wording.en.trim() } };
    try {
      if (purpose) await m.update.mutateAsync({ id: purpose.id, patch: { legalBasis, doubleOptIn, ...(reworded ? texts : {}) } });
      else await m.create.mutateAsync({ key, legalBasis, doubleOptIn, ...texts });
      notify({ kind: 'success', message: reworded ? t('settings.consent.newVersion', { version: purpose!.currentVersion + 1 }) : t('settings.saved') });
      onClose();
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      if (!Object.keys(fe).length) notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{purpose ? t('settings.consent.editTitle') : t('settings.consent.new')}</Text>} size={720}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label={t('settings.consent.titleDe')} value={title.de} required data-autofocus error={errors['title.de']} maxLength={CONSENT_LIMITS.title}
              onChange={(e) => { const v = e.currentTarget.value; setTitle({ ...title, de: v }); if (!keyTouched) setKey(keyFromLabel(v)); }} />
            <TextInput label={t('settings.consent.titleEn')} value={title.en} required error={errors['title.en']} maxLength={CONSENT_LIMITS.title}
              onChange={(e) => setTitle({ ...title, en: e.currentTarget.value })} />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="sm">
            <Textarea label={t('settings.consent.wordingDe')} value={wording.de} required autosize minRows={4} maxRows={12} error={errors['wording.de']} maxLength={CONSENT_LIMITS.wording}
              onChange={(e) => setWording({ ...wording, de: e.currentTarget.value })} />
            <Textarea label={t('settings.consent.wordingEn')} value={wording.en} required autosize minRows={4} maxRows={12} error={errors['wording.en']} maxLength={CONSENT_LIMITS.wording}
              onChange={(e) => setWording({ ...wording, en: e.currentTarget.value })} />
          </SimpleGrid>
          {purpose && <Text fz="xs" c={reworded ? 'indigo' : 'dimmed'}>{reworded ? t('settings.consent.willVersion', { version: purpose.currentVersion + 1 }) : t('settings.consent.versionHint', { version: purpose.currentVersion })}</Text>}
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label={t('settings.consent.key')} description={t('settings.consent.keyHint')} value={key} disabled={!!purpose} error={errors.key}
              onChange={(e) => { setKeyTouched(true); setKey(e.currentTarget.value.toLowerCase()); }} styles={{ input: { fontFamily: 'monospace' } }} />
            <Select label={t('settings.consent.legalBasis')} description={'\u00a0'} allowDeselect={false} value={legalBasis} onChange={(v) => v && setLegalBasis(v as LegalBasis)}
              data={LEGAL_BASES.map((b) => ({ value: b, label: t(`consent.basis.${b}`) }))} />
          </SimpleGrid>
          <Switch label={t('settings.consent.doubleOptIn')} description={t('settings.consent.doubleOptInHint')} checked={doubleOptIn} onChange={(e) => setDoubleOptIn(e.currentTarget.checked)} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={m.create.isPending || m.update.isPending} data-testid="purpose-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function VersionsModal({ purpose, onClose }: { purpose: ConsentPurpose; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const full = useConsentPurpose(purpose.id);
  return (
    <Modal opened onClose={onClose} title={<Text fw={700} fz="lg">{t('settings.consent.versionsOf', { title: purpose.title[lang] })}</Text>} size={720}>
      {full.isPending ? <Center p="lg"><Loader size="sm" /></Center> : full.isError ? <QueryError error={full.error} /> : (
        <Stack gap="md" component="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {(full.data.versions ?? []).map((v) => (
            <li key={v.version}>
              <Group gap={8} mb={4}>
                <Badge variant={v.version === full.data.currentVersion ? 'filled' : 'light'} style={{ textTransform: 'none' }}>v{v.version}</Badge>
                <Text fz="xs" c="dimmed">{formatDateTime(v.createdAt)} · {v.createdBy?.name ?? t('timeline.system')}</Text>
              </Group>
              <SimpleGrid cols={2} spacing="sm">
                {(['de', 'en'] as const).map((l) => (
                  <div key={l} lang={l}>
                    <Text fz="sm" fw={600}>{v.title[l]}</Text>
                    <Text fz="sm" c="gray.7" style={{ whiteSpace: 'pre-wrap' }}>{v.wording[l]}</Text>
                  </div>
                ))}
              </SimpleGrid>
            </li>
          ))}
        </Stack>
      )}
    </Modal>
  );
}
