import { Box, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The title row of a page with its actions on the right. */
export function PageHeader({ title, subtitle, actions, children }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  return (
    <Box px="lg" pt="lg" pb="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="md">
        <div>
          <Title order={1} fz={24} fw={700} lts={-0.3}>{title}</Title>
          {subtitle && <Text c="dimmed" fz="sm" mt={2}>{subtitle}</Text>}
        </div>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
      {children}
    </Box>
  );
}
