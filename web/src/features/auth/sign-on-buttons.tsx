import { Alert, Button, Divider, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SignOnButtons as Buttons } from '../../api/sign-on.ts';
import { IconAlert, IconKey } from '../../components/icons.tsx';

/**
 * "Sign in with …" buttons: plain links, since signing in leaves this site for the provider's page and comes back
 * through the server. `query` is added to each start address (where to return, purposes ticked).
 */
export function SignOnButtons({ buttons, query }: { buttons: Buttons['items']; query?: URLSearchParams }) {
  const { t } = useTranslation();
  if (!buttons.length) return null;
  const qs = query?.toString();
  return (
    <Stack gap="xs" data-testid="sign-on-buttons">
      <Divider label={t('signOn.or')} labelPosition="center" />
      {buttons.map((b) => (
        <Button key={b.id} component="a" href={qs ? `${b.startUrl}?${qs}` : b.startUrl} variant="default" fullWidth leftSection={<IconKey size={16} />}>
          {t('signOn.continueWith', { name: b.name })}
        </Button>
      ))}
    </Stack>
  );
}

/** Why the last sign-on ended without signing in (the code the server put in the address). */
export function SignOnError({ code }: { code: string | null }) {
  const { t, i18n } = useTranslation();
  if (!code) return null;
  // Known codes have a text (contracts SIGN_ON_ERRORS; not imported: it would bring zod into the sign-in page's code).
  const known = /^[a-z_]+$/.test(code) && i18n.exists(`signOn.errors.${code}`);
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} role="alert" data-testid="sign-on-error">
      {known ? t(`signOn.errors.${code}`) : t('signOn.errors.sign_on_failed')}
    </Alert>
  );
}
