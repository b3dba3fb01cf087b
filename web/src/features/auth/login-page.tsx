import { Alert, Anchor, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useLogin } from '../../api/session.tsx';
import { IconAlert } from '../../components/icons.tsx';
import { Logo } from '../../components/logo.tsx';
import { setUiLanguage, type UiLanguage } from '../../i18n/index.ts';

/** The sign-in page shown whenever there is no session. */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ email, password });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t('auth.invalid'));
      else if (err instanceof ApiError && err.status === 429) setError(t('auth.rateLimited'));
      else if (err instanceof ApiError && err.status === 400) setError(t('auth.checkInput'));
      else setError(t('errors.network'));
    } finally {
      setBusy(false);
    }
  };

  const lang = i18n.language as UiLanguage;
  return (
    <Center mih="100vh" p="md" style={{ background: 'radial-gradient(1200px 600px at 10% -10%, #e4e7ff 0%, transparent 60%), radial-gradient(900px 500px at 110% 110%, #e8f4ff 0%, transparent 60%), var(--parley-bg)' }}>
      <Box w={400} maw="100%">
        <Group justify="center" mb="xl">
          <Logo size={36} />
        </Group>
        <Paper withBorder shadow="sm" p={32}>
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <div>
                <Title order={2} fz={22}>{t('auth.title')}</Title>
                <Text c="dimmed" fz="sm" mt={4}>{t('auth.subtitle')}</Text>
              </div>
              {error && (
                <Alert color="red" variant="light" icon={<IconAlert />} role="alert">
                  {error}
                </Alert>
              )}
              <TextInput
                label={t('auth.email')}
                type="email"
                autoComplete="username"
                required
                autoFocus
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                name="email"
              />
              <PasswordInput
                label={t('auth.password')}
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                name="password"
              />
              <Button type="submit" loading={busy} fullWidth size="md" mt="xs">
                {t('auth.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Group justify="center" gap="xs" mt="lg">
          {(['de', 'en'] as const).map((l) => (
            <Anchor key={l} component="button" type="button" fz="sm" c={lang === l ? 'brand.7' : 'dimmed'} fw={lang === l ? 600 : 400} onClick={() => setUiLanguage(l)}>
              {l === 'de' ? 'Deutsch' : 'English'}
            </Anchor>
          ))}
        </Group>
      </Box>
    </Center>
  );
}
