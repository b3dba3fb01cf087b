import { Alert, Anchor, Button, Loader, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { LIMITS } from '@parley/contracts/limits';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { communityApi, customerKey } from '../../api/sign-on.ts';
import { IconAlert } from '../../components/icons.tsx';
import { AuthLayout } from '../auth/auth-layout.tsx';
import { SignOnButtons, SignOnError } from '../auth/sign-on-buttons.tsx';
import { PurposeChoice } from './community-welcome.tsx';

/**
 * The community's sign-in page (`/community/<slug>/sign-in`): the workspace's customer sign-on providers and e-mail
 * with password; in `sign-up` mode, a new account with the consent purposes to tick.
 */
export function CommunitySignIn({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const { t, i18n } = useTranslation();
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const returnTo = params.get('returnTo');
  const buttons = useQuery({ queryKey: ['community-buttons', slug], queryFn: () => communityApi.buttons(slug), retry: false });
  const purposes = useQuery({ queryKey: ['community-purposes', slug, i18n.language], queryFn: () => communityApi.purposes(slug, i18n.language), enabled: mode === 'sign-up', retry: false });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [ticked, setTicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [signOnError, setSignOnError] = useState(params.get('error'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSignOnError(null);
    if (mode === 'sign-up' && password.length < LIMITS.passwordMin) {
      setError(t('invite.tooShort', { min: LIMITS.passwordMin }));
      return;
    }
    setBusy(true);
    try {
      const me = mode === 'sign-in'
        ? await communityApi.signIn(slug, { email, password })
        : await communityApi.signUp(slug, { email, password, displayName: displayName.trim() || undefined, language: i18n.language === 'en' ? 'en' : 'de', purposes: ticked });
      qc.setQueryData(customerKey(slug), me);
      navigate(returnTo ?? `/community/${slug}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t('auth.invalid'));
      else if (err instanceof ApiError && err.code === 'account_exists') setError(t('community.accountExists'));
      else if (err instanceof ApiError && err.status === 429) setError(t('auth.rateLimited'));
      else if (err instanceof ApiError && err.status === 400) setError(t('auth.checkInput'));
      else setError(t('errors.network'));
    } finally {
      setBusy(false);
    }
  };

  if (buttons.isPending) return <AuthLayout><Loader size="sm" /></AuthLayout>;
  if (buttons.isError || !buttons.data.workspace) {
    return <AuthLayout><Alert color="red" variant="light" icon={<IconAlert />} role="alert">{t('community.notFound')}</Alert></AuthLayout>;
  }
  const other = mode === 'sign-in' ? 'sign-up' : 'sign-in';
  const keep = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
  return (
    <AuthLayout>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} fz={22}>{mode === 'sign-in' ? t('community.signInTitle') : t('community.signUpTitle')}</Title>
            <Text c="dimmed" fz="sm" mt={4}>{buttons.data.workspace.name}</Text>
          </div>
          <SignOnError code={signOnError} />
          {error && <Alert color="red" variant="light" icon={<IconAlert />} role="alert">{error}</Alert>}
          <TextInput label={t('auth.email')} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label={t('auth.password')} name="password" autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'} required
            description={mode === 'sign-up' ? t('invite.passwordHint', { min: LIMITS.passwordMin }) : undefined} value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          {mode === 'sign-up' && (
            <>
              <TextInput label={t('community.displayName')} name="displayName" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} />
              {purposes.data && <PurposeChoice purposes={purposes.data.purposes} value={ticked} onChange={setTicked} />}
            </>
          )}
          <Button type="submit" loading={busy} fullWidth size="md">{mode === 'sign-in' ? t('auth.submit') : t('community.signUp')}</Button>
          <SignOnButtons buttons={buttons.data.items} query={new URLSearchParams(returnTo ? { returnTo } : {})} />
          <Anchor component={Link} to={`/community/${slug}/${other}${keep}`} fz="sm" ta="center">
            {mode === 'sign-in' ? t('community.toSignUp') : t('community.toSignIn')}
          </Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
