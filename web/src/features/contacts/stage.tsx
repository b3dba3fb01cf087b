import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LifecycleStage } from '../../api/types.ts';
import { STAGE_COLORS } from './lifecycle.ts';

/** A lifecycle stage as a coloured badge. */
export function StageBadge({ stage, size = 'sm' }: { stage: LifecycleStage | null | undefined; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  if (!stage) return null;
  return (
    <Badge color={STAGE_COLORS[stage]} variant="light" size={size} radius="sm" style={{ textTransform: 'none', fontWeight: 600 }}>
      {t(`stage.${stage}`)}
    </Badge>
  );
}
