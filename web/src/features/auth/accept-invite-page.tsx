import { LIMITS } from '@parley/contracts/limits';
import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, request, setCsrfToken } from '../../api/client.ts';
import { SESSION_KEY, useLogin } from '../../api/session.tsx';
import type { AcceptInviteBody, AcceptInviteResult } from '../../api/types.ts';
import { IconAlert, IconCheck } from '../../components/icons.tsx';
import { AuthLayout } from './auth-layout.tsx';
import type { LoginState } from './login-page.tsx';

// The largest password the server takes (contracts: AcceptInviteBody).
const PASSWORD_MAX = 200;

type Dead = 'expired' | 'invalid';
type FieldErrors = Partial<Record<'name' | 'password' | 'repeat', string>>;

// The call lives here rather than in api/ so the first screen's bundle does not carry it.
function acceptInvite(body: AcceptInviteBody): Promise<AcceptInviteResult> {
  return request<AcceptInviteResult>('POST', '/api/auth/accept-invite', { body, quiet401: true });
}

/**
 * The page an invitation link opens (`/invite/<token>`): choose a password (and optionally correct the name), then the
 * new user is signed in. Works without a session; with someone else's session in this browser, that one is ended.
 */
export function AcceptInvitePage({ signedInAs }: { signedInAs?: string }) {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const login = useLogin();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [dead, setDead] = useState<Dead | null>(null);
  const [accepted, setAccepted] = useState<AcceptInviteResult | null>(null);
  const [busy, setBusy] = useState(false);

  const check = (): FieldErrors => {
    const e: FieldErrors = {};
    if (password.length < LIMITS.passwordMin) e.password = t('invite.tooShort', { min: LIMITS.passwordMin });
    else if (password.length > PASSWORD_MAX) e.password = t('invite.tooLong', { max: PASSWORD_MAX });
    if (!e.password && repeat !== password) e.repeat = t('invite.mismatch');
    if (name.trim().length > LIMITS.shortText) e.name = t('invite.nameTooLong', { max: LIMITS.shortText });
    return e;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = check();
    setFields(found);
    setError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    let result: AcceptInviteResult;
    try {
      result = await acceptInvite({ token, password, ...(name.trim() ? { name: name.trim() } : {}) });
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.code === 'invite_expired') setDead('expired');
      else if (err instanceof ApiError && (err.code === 'invite_not_found' || err.status === 404)) setDead('invalid');
      else if (err instanceof ApiError && err.status === 400 && err.field === 'password') setFields({ password: t('invite.tooShort', { min: LIMITS.passwordMin }) });
      else if (err instanceof ApiError && err.status === 400 && err.field === 'name') setFields({ name: t('invite.nameTooLong', { max: LIMITS.shortText }) });
      // A malformed token fails the body's validation, not the lookup: it is as invalid as an unknown one.
      else if (err instanceof ApiError && err.status === 400 && err.field === 'token') setDead('invalid');
      else if (err instanceof ApiError && err.status === 429) setError(t('invite.rateLimited'));
      else if (err instanceof ApiError && err.status === 400) setError(t('invite.checkInput'));
      else if (err instanceof ApiError && err.status >= 500) setError(t('errors.server'));
      else setError(t('errors.network'));
      return;
    }
    setAccepted(result);
    try {
      if (signedInAs) {
        // Someone else's session in this browser: end it, so nothing of theirs stays in the cache.
        await request('POST', '/api/auth/logout', { quiet401: true }).catch(() => undefined);
        setCsrfToken(null);
        qc.clear();
        qc.setQueryData(SESSION_KEY, null);
      }
      await login({ email: result.email, password, workspace: result.workspace.slug });
      void navigate('/people', { replace: true });
    } catch {
      // The account is active; only the automatic sign-in failed. The sign-in page takes over with the e-mail filled in.
      const state: LoginState = { email: result.email, workspace: result.workspace };
      void navigate('/', { replace: true, state });
    }
  };

  if (dead) {
    return (
      <AuthLayout>
        <Stack gap="md" data-testid="invite-dead">
          <Title order={2} fz={22}>{t(dead === 'expired' ? 'invite.expiredTitle' : 'invite.invalidTitle')}</Title>
          <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
            {t(dead === 'expired' ? 'invite.expiredText' : 'invite.invalidText')}
          </Alert>
          <Button component={Link} to="/" replace fullWidth size="md" variant="default">{t('invite.toSignIn')}</Button>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} fz={22}>{t('invite.title')}</Title>
            <Text c="dimmed" fz="sm" mt={4}>{t('invite.subtitle')}</Text>
          </div>
          {signedInAs && !accepted && (
            <Alert color="yellow" variant="light" icon={<IconAlert />}>{t('invite.signedInAs', { email: signedInAs })}</Alert>
          )}
          {accepted && (
            <Alert color="teal" variant="light" icon={<IconCheck />} data-testid="invite-accepted">
              {t('invite.accepted', { workspace: accepted.workspace.name, email: accepted.email })}
            </Alert>
          )}
          {error && (
            <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('invite.name')}
            description={t('invite.nameHint')}
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fields.name}
            maxLength={LIMITS.shortText}
            name="name"
            disabled={!!accepted}
          />
          <PasswordInput
            label={t('invite.password')}
            description={t('invite.passwordHint', { min: LIMITS.passwordMin })}
            autoComplete="new-password"
            required
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fields.password}
            name="password"
            disabled={!!accepted}
          />
          <PasswordInput
            label={t('invite.repeat')}
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            error={fields.repeat}
            name="passwordRepeat"
            disabled={!!accepted}
          />
          <Button type="submit" loading={busy} fullWidth size="md" mt="xs">
            {t('invite.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
