import { Alert, Code, CopyButton, Group, Paper, Stack, Text, Button } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconCheck } from '../../components/icons.tsx';

/** A settings section: title, explanation, actions and content in a card. */
export function SettingsSection({ title, description, actions, children }: { title: string; description?: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="lg">
      <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
        <div>
          <Text fw={650} fz="lg">{title}</Text>
          {description && <Text fz="sm" c="dimmed" mt={2} maw={640}>{description}</Text>}
        </div>
        {actions && <Group gap="sm" wrap="nowrap">{actions}</Group>}
      </Group>
      {children}
    </Paper>
  );
}

/** A secret or link the server shows only once, with a copy button and a warning. */
export function ShownOnce({ label, value, hint }: { label: string; value: string; hint: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" variant="light" icon={<IconAlert />} title={label} data-testid="shown-once">
      <Stack gap="xs">
        <Text fz="sm">{hint}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{value}</Code>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Button size="xs" variant={copied ? 'light' : 'filled'} color={copied ? 'teal' : undefined} onClick={copy} leftSection={copied ? <IconCheck size={14} /> : null}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}
