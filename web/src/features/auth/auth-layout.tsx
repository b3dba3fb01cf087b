import { Anchor, Box, Center, Group, Paper } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Logo } from '../../components/logo.tsx';
import { setUiLanguage, type UiLanguage } from '../../i18n/index.ts';

/** The frame of the pages shown without a session (sign-in, accepting an invitation): logo, card, language choice. */
export function AuthLayout({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const lang = i18n.language as UiLanguage;
  return (
    <Center mih="100vh" p="md" style={{ background: 'radial-gradient(1200px 600px at 10% -10%, #e4e7ff 0%, transparent 60%), radial-gradient(900px 500px at 110% 110%, #e8f4ff 0%, transparent 60%), var(--parley-bg)' }}>
      <Box w={400} maw="100%">
        <Group justify="center" mb="xl">
          <Logo size={36} />
        </Group>
        <Paper withBorder shadow="sm" p={32}>
          {children}
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
