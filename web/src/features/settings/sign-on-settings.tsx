import { ActionIcon, Badge, Button, Checkbox, Code, CopyButton, Group, Menu, Modal, PasswordInput, SegmentedControl, Select, Stack, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { defaultScopes, KNOWN_ISSUERS, SIGN_ON_KINDS, SIGN_ON_LIMITS, type SignOnAudience, type SignOnKind } from '@parley/contracts/sign-on';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import { useSignOnProviderMutations, useSignOnProviders, type SignOnProvider, type SignOnProviderPatch } from '../../api/sign-on.ts';
import { confirmAction } from '../../components/confirm.tsx';
import { IconCheck, IconDots, IconKey, IconPlus } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { QueryError, errorMessage } from '../../components/query-error.tsx';
import { SettingsSection } from './section.tsx';

const KIND_NAMES: Record<SignOnKind, string> = { google: 'Google', microsoft: 'Microsoft', apple: 'Apple', linkedin: 'LinkedIn', facebook: 'Facebook', oidc: 'OpenID Connect' };

/** Sign-on providers: OpenID Connect logins for customers (community) and staff; the client secret is write-only. */
export function SignOnSettings() {
  const { t } = useTranslation();
  const providers = useSignOnProviders();
  const m = useSignOnProviderMutations();
  const [editing, setEditing] = useState<SignOnProvider | 'new' | null>(null);

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      notify({ kind: 'success', message: ok });
    } catch (err) {
      notify({ kind: 'error', message: errorMessage(err, t) });
    }
  };
  const del = async (p: SignOnProvider) => {
    if (!(await confirmAction({ title: t('settings.signOn.deleteTitle'), message: t('settings.signOn.deleteText', { name: p.name }), confirmLabel: t('common.delete'), danger: true }))) return;
    await run(() => m.remove.mutateAsync(p.id), t('settings.signOn.deleted', { name: p.name }));
  };

  return (
    <SettingsSection
      title={t('settings.signOn.title')}
      description={t('settings.signOn.description')}
      actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>{t('settings.signOn.new')}</Button>}
    >
      {providers.isError ? <QueryError error={providers.error} /> : providers.data?.length === 0 ? (
        <Stack align="center" py="xl" c="dimmed" gap={6}><IconKey size={28} /><Text fz="sm">{t('settings.signOn.empty')}</Text></Stack>
      ) : (
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.signOn.name')}</Table.Th>
              <Table.Th>{t('settings.signOn.audience')}</Table.Th>
              <Table.Th>{t('settings.signOn.redirectUri')}</Table.Th>
              <Table.Th w={100}>{t('settings.signOn.enabled')}</Table.Th>
              <Table.Th w={50} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(providers.data ?? []).map((p) => (
              <Table.Tr key={p.id} data-testid="sign-on-row">
                <Table.Td>
                  <Text fz="sm" fw={500}>{p.name}</Text>
                  <Text fz="xs" c="dimmed">{KIND_NAMES[p.kind]} · {p.issuer}</Text>
                </Table.Td>
                <Table.Td><Badge variant="light" color={p.audience === 'staff' ? 'grape' : 'teal'}>{t(`settings.signOn.audiences.${p.audience}`)}</Badge></Table.Td>
                <Table.Td><RedirectUri value={p.redirectUri} /></Table.Td>
                <Table.Td>
                  <Switch checked={p.enabled} aria-label={t('settings.signOn.enabled')}
                    onChange={(e) => void run(() => m.update.mutateAsync({ id: p.id, patch: { enabled: e.currentTarget.checked } }), t('settings.saved'))} />
                </Table.Td>
                <Table.Td>
                  <Menu position="bottom-end">
                    <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon></Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setEditing(p)}>{t('common.edit')}</Menu.Item>
                      <Menu.Item color="red" onClick={() => void del(p)}>{t('common.delete')}</Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <ProviderModal provider={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </SettingsSection>
  );
}

function RedirectUri({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Code style={{ wordBreak: 'break-all' }} fz="xs">{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
            <ActionIcon size="sm" variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('common.copy')}>
              {copied ? <IconCheck size={14} /> : <IconKey size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

function ProviderModal({ provider, onClose }: { provider?: SignOnProvider; onClose: () => void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const m = useSignOnProviderMutations();
  const [audience, setAudience] = useState<SignOnAudience>(provider?.audience ?? 'customer');
  const [kind, setKind] = useState<SignOnKind>(provider?.kind ?? 'oidc');
  const [name, setName] = useState(provider?.name ?? '');
  const [issuer, setIssuer] = useState(provider?.issuer ?? '');
  const [clientId, setClientId] = useState(provider?.clientId ?? '');
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [scopes, setScopes] = useState(provider?.scopes ?? '');
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const knownIssuer = kind === 'oidc' ? undefined : KNOWN_ISSUERS[kind];
  const slug = encodeURIComponent(session.workspace.slug);
  const redirectUri = provider?.redirectUri ?? `${window.location.origin}${audience === 'staff' ? `/api/auth/sign-on/${slug}/callback` : `/api/community/${slug}/sign-on/callback`}`;
  const saving = m.create.isPending || m.update.isPending;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const common = { name: name.trim(), clientId: clientId.trim(), ...(issuer.trim() ? { issuer: issuer.trim() } : {}), ...(scopes.trim() ? { scopes: scopes.trim() } : {}), enabled };
    try {
      if (provider) {
        const patch: SignOnProviderPatch = { ...common, ...(removeSecret ? { clientSecret: null } : secret ? { clientSecret: secret } : {}) };
        await m.update.mutateAsync({ id: provider.id, patch });
      } else {
        await m.create.mutateAsync({ ...common, audience, kind, ...(secret ? { clientSecret: secret } : {}) });
      }
      notify({ kind: 'success', message: t('settings.saved') });
      onClose();
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(Object.keys(fe).length ? fe : { form: errorMessage(err, t) });
    }
  };

  return (
    <Modal opened onClose={onClose} size={620} title={<Text fw={700} fz="lg">{provider ? t('settings.signOn.editTitle') : t('settings.signOn.new')}</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {!provider && (
            <>
              <div>
                <Text fz="sm" fw={500} mb={4}>{t('settings.signOn.audience')}</Text>
                <SegmentedControl fullWidth value={audience} onChange={(v) => setAudience(v as SignOnAudience)}
                  data={[{ value: 'customer', label: t('settings.signOn.audiences.customer') }, { value: 'staff', label: t('settings.signOn.audiences.staff') }]} />
              </div>
              <Select label={t('settings.signOn.kind')} value={kind} allowDeselect={false}
                onChange={(v) => { const k = (v ?? 'oidc') as SignOnKind; setKind(k); if (!name.trim()) setName(k === 'oidc' ? '' : KIND_NAMES[k]); }}
                data={SIGN_ON_KINDS.map((k) => ({ value: k, label: KIND_NAMES[k] }))} />
            </>
          )}
          <TextInput name="name" label={t('settings.signOn.name')} description={t('settings.signOn.nameHint')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} required maxLength={SIGN_ON_LIMITS.name} data-autofocus />
          <TextInput name="issuer" label={t('settings.signOn.issuer')} description={knownIssuer ? t('settings.signOn.issuerKnown') : t('settings.signOn.issuerHint')}
            placeholder={knownIssuer ?? 'https://id.example.com/realms/kunden'} value={issuer} onChange={(e) => setIssuer(e.currentTarget.value)} error={errors.issuer} required={!knownIssuer} />
          <TextInput name="clientId" label={t('settings.signOn.clientId')} value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} error={errors.clientId} required maxLength={SIGN_ON_LIMITS.clientId} />
          <PasswordInput name="clientSecret" label={t('settings.signOn.clientSecret')} autoComplete="new-password" value={secret} disabled={removeSecret}
            description={provider?.hasSecret ? t('settings.signOn.secretKept') : t('settings.signOn.secretHint')}
            placeholder={provider?.hasSecret ? '••••••••' : undefined} onChange={(e) => setSecret(e.currentTarget.value)} error={errors.clientSecret} />
          {provider?.hasSecret && <Checkbox label={t('settings.signOn.removeSecret')} checked={removeSecret} onChange={(e) => setRemoveSecret(e.currentTarget.checked)} />}
          <TextInput name="scopes" label={t('settings.signOn.scopes')} placeholder={defaultScopes(kind)} value={scopes} onChange={(e) => setScopes(e.currentTarget.value)} error={errors.scopes} />
          <div>
            <Text fz="sm" fw={500}>{t('settings.signOn.redirectUri')}</Text>
            <Text fz="xs" c="dimmed" mb={4}>{t('settings.signOn.redirectHint')}</Text>
            <RedirectUri value={redirectUri} />
          </div>
          <Switch label={t('settings.signOn.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          {errors.form && <Text c="red" fz="sm" role="alert">{errors.form}</Text>}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={saving}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
