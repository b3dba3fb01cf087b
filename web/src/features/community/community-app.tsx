import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { communityApi, customerKey, type CustomerMe } from '../../api/sign-on.ts';
import { IconAlert, IconCheck } from '../../components/icons.tsx';
import { AuthLayout } from '../auth/auth-layout.tsx';
import { CommunitySignIn } from './community-sign-in.tsx';
import { FirstSignOnPage } from './community-welcome.tsx';

// The customer-facing pages of a workspace's community that exist so far: signing in (provider or e-mail and
// password), signing up, the first sign-on page (consent), verifying the e-mail address, and who is signed in. The
// community itself (forum, FAQ, login-only areas) comes later and builds on these.

/** The community's routes (`/community/<workspace slug>/…`), outside the staff app and its session. */
export function CommunityApp() {
  return (
    <Routes>
      <Route path="/community/:slug/sign-in" element={<CommunitySignIn mode="sign-in" />} />
      <Route path="/community/:slug/sign-up" element={<CommunitySignIn mode="sign-up" />} />
      <Route path="/community/:slug/welcome" element={<FirstSignOnPage />} />
      <Route path="/community/:slug/verify-email" element={<VerifyEmailPage />} />
      <Route path="/community/:slug/*" element={<SignedInPage />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}

/** Who is signed in (until the community's own pages exist); without a session, the sign-in page. */
function SignedInPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const location = useLocation();
  const qc = useQueryClient();
  const me = useQuery({ queryKey: customerKey(slug), queryFn: () => communityApi.me(slug), retry: false });
  if (me.isPending) return <AuthLayout><Group justify="center"><Loader size="sm" /></Group></AuthLayout>;
  if (me.error instanceof ApiError && me.error.status === 401) {
    const returnTo = location.pathname === `/community/${slug}` ? '' : `?returnTo=${encodeURIComponent(location.pathname)}`;
    return <Navigate to={`/community/${slug}/sign-in${returnTo}`} replace />;
  }
  if (me.isError || !me.data) return <AuthLayout><Alert color="red" variant="light" icon={<IconAlert />} role="alert">{t('community.notFound')}</Alert></AuthLayout>;
  const { account, workspace } = me.data;
  const signOut = async () => {
    await communityApi.signOut(slug).catch(() => undefined);
    // Asked again, the server answers 401 and the page turns into the sign-in page.
    await qc.resetQueries({ queryKey: customerKey(slug) });
  };
  return (
    <AuthLayout>
      <Stack gap="md" data-testid="community-signed-in">
        <Title order={2} fz={22}>{workspace.name}</Title>
        <Text>{t('community.signedInAs', { email: account.email })}</Text>
        {account.displayName && <Text c="dimmed" fz="sm">{account.displayName}</Text>}
        {account.emailVerified
          ? <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />} w="fit-content">{t('community.emailVerified')}</Badge>
          : <Alert color="yellow" variant="light">{t('community.emailUnverified')}</Alert>}
        <Text c="dimmed" fz="sm">{t('community.comingSoon')}</Text>
        <Button variant="default" onClick={() => void signOut()}>{t('community.signOut')}</Button>
      </Stack>
    </AuthLayout>
  );
}

/** The page of the link mailed after sign-up: confirms the address. */
function VerifyEmailPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const [result, setResult] = useState<CustomerMe | 'failed' | null>(null);
  const token = params.get('token') ?? '';
  useEffect(() => {
    let live = true;
    communityApi.verifyEmail(slug, token).then((me) => {
      if (!live) return;
      setResult(me);
      qc.setQueryData(customerKey(slug), (old: CustomerMe | undefined) => (old ? { ...old, account: { ...old.account, emailVerified: true } } : old));
    }, () => live && setResult('failed'));
    return () => { live = false; };
  }, [slug, token, qc]);
  return (
    <AuthLayout>
      <Stack gap="md">
        <Title order={2} fz={22}>{t('community.verifyTitle')}</Title>
        {result === null ? <Loader size="sm" /> : result === 'failed'
          ? <Alert color="red" variant="light" icon={<IconAlert />} role="alert">{t('community.verifyFailed')}</Alert>
          : <Alert color="teal" variant="light" icon={<IconCheck />}>{t('community.verified', { email: result.account.email })}</Alert>}
        <Anchor component={Link} to={`/community/${slug}`} fz="sm">{t('community.toCommunity')}</Anchor>
      </Stack>
    </AuthLayout>
  );
}
