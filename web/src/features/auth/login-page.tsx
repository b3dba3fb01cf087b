import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { prefetchPeople } from '../../api/contacts.ts';
import { useLogin } from '../../api/session.tsx';
import { useStaffSignOnButtons } from '../../api/sign-on.ts';
import { IconAlert, IconCheck } from '../../components/icons.tsx';
import { AuthLayout } from './auth-layout.tsx';
import { SignOnButtons, SignOnError } from './sign-on-buttons.tsx';

/** What another page may hand the sign-in page (as router state): an accepted invitation prefills the e-mail. */
export interface LoginState {
  email?: string;
  /** The workspace whose invitation was just accepted (shown in a notice, and chosen when signing in). */
  workspace?: { slug: string; name: string };
}

/** The sign-in page shown whenever there is no session. */
export function LoginPage() {
  const { t } = useTranslation();
  const login = useLogin();
  const location = useLocation();
  const handed = (location.state ?? null) as LoginState | null;
  const qc = useQueryClient();
  const [email, setEmail] = useState(handed?.email ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Sign-on buttons of the workspace named in the address (`?workspace=`), or of the only one; a failed sign-on comes
  // back with its reason (`?signOnError=`).
  const params = new URLSearchParams(location.search);
  const signOn = useStaffSignOnButtons(params.get('workspace') ?? undefined);
  const [signOnError, setSignOnError] = useState(params.get('signOnError'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSignOnError(null);
    try {
      const workspace = handed?.workspace && handed.email === email.trim().toLowerCase() ? handed.workspace.slug : undefined;
      await login({ email, password, workspace });
      // The people list follows signing in on the start page or on the list: its first page is asked for now, while
      // the screen is drawn, not after.
      if (location.pathname === '/' || location.pathname === '/people') prefetchPeople(qc, location.search);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t('auth.invalid'));
      else if (err instanceof ApiError && err.status === 429) setError(t('auth.rateLimited'));
      else if (err instanceof ApiError && err.status === 400) setError(t('auth.checkInput'));
      else setError(t('errors.network'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} fz={22}>{t('auth.title')}</Title>
            <Text c="dimmed" fz="sm" mt={4}>{t('auth.subtitle')}</Text>
          </div>
          {handed?.workspace && !error && (
            <Alert color="teal" variant="light" icon={<IconCheck />} data-testid="invite-accepted">
              {t('invite.acceptedSignIn', { workspace: handed.workspace.name })}
            </Alert>
          )}
          {error && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {error}
            </Alert>
          )}
          {!error && <SignOnError code={signOnError} />}
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            autoFocus={!handed?.email}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            name="email"
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            autoFocus={!!handed?.email}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            name="password"
          />
          <Button type="submit" loading={busy} fullWidth size="md" mt="xs">
            {t('auth.submit')}
          </Button>
          <SignOnButtons buttons={signOn.data?.items ?? []} />
        </Stack>
      </form>
    </AuthLayout>
  );
}
