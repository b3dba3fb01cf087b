import { Box, EmptyState } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IconClock } from '../../components/icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';

/** Shown for a page whose endpoints this server does not offer yet. */
export function NotAvailable({ title, icon }: { title: string; icon?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box>
      <PageHeader title={title} />
      <EmptyState py={80} icon={icon ?? <IconClock size={26} />} withIndicatorBackground title={t('common.notAvailableTitle')} description={t('common.notAvailable')} />
    </Box>
  );
}
