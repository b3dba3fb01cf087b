import { Alert, Anchor, Button, Checkbox, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { communityApi, customerKey, type CustomerPurposes } from '../../api/sign-on.ts';
import { IconAlert } from '../../components/icons.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { AuthLayout } from '../auth/auth-layout.tsx';

/** The consent purposes as checkboxes, each with its wording (what the person agrees to, word for word). */
export function PurposeChoice({ purposes, value, onChange }: { purposes: CustomerPurposes['purposes']; value: string[]; onChange: (v: string[]) => void }) {
  const { t } = useTranslation();
  if (!purposes.length) return null;
  return (
    <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
      <Text component="legend" fz="sm" fw={500} mb={4}>{t('community.purposesTitle')}</Text>
      {purposes.map((p) => (
        <Checkbox
          key={p.key}
          name={`purpose-${p.key}`}
          checked={value.includes(p.key)}
          onChange={(e) => onChange(e.currentTarget.checked ? [...value, p.key] : value.filter((k) => k !== p.key))}
          label={p.title}
          description={p.wording}
        />
      ))}
      <Text fz="xs" c="dimmed">{t('community.purposesHint')}</Text>
    </Stack>
  );
}

/**
 * The first sign-on page (`/community/<slug>/welcome`): after the provider, before anything is stored. The person sees
 * which address came back and ticks the purposes they agree to; continuing opens the account.
 */
export function FirstSignOnPage() {
  const { t, i18n } = useTranslation();
  const { slug = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const pending = useQuery({ queryKey: ['community-pending', slug, i18n.language], queryFn: () => communityApi.pending(slug, i18n.language), retry: false });
  const [ticked, setTicked] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (pending.data && ticked === null) setTicked(pending.data.purposes.filter((p) => p.checked).map((p) => p.key));
  }, [pending.data, ticked]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const me = await communityApi.complete(slug, ticked ?? []);
      qc.setQueryData(customerKey(slug), me);
      navigate(me.returnTo ?? `/community/${slug}`, { replace: true });
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (pending.isPending) return <AuthLayout><Loader size="sm" /></AuthLayout>;
  if (pending.isError) {
    return (
      <AuthLayout>
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlert />} role="alert">{t('signOn.errors.sign_on_state_invalid')}</Alert>
          <Anchor component={Link} to={`/community/${slug}/sign-in`} fz="sm">{t('community.toSignIn')}</Anchor>
        </Stack>
      </AuthLayout>
    );
  }
  const p = pending.data;
  return (
    <AuthLayout>
      <Stack gap="md" data-testid="first-sign-on">
        <div>
          <Title order={2} fz={22}>{t('community.welcomeTitle', { name: p.workspace.name })}</Title>
          <Text c="dimmed" fz="sm" mt={4}>{t('community.welcomeText', { provider: p.provider.name, email: p.email })}</Text>
        </div>
        {!p.emailVerified && <Alert color="yellow" variant="light">{t('community.welcomeUnverified', { provider: p.provider.name })}</Alert>}
        <PurposeChoice purposes={p.purposes} value={ticked ?? []} onChange={setTicked} />
        {error && <Alert color="red" variant="light" icon={<IconAlert />} role="alert">{error}</Alert>}
        <Button onClick={() => void submit()} loading={busy} fullWidth size="md">{t('community.continue')}</Button>
      </Stack>
    </AuthLayout>
  );
}
