import { Avatar, Box, Indicator, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PresenceStatus } from '../../api/realtime.ts';
import { colorFor, initials } from '../../components/format.ts';

const COLORS: Record<PresenceStatus, string> = { online: 'teal', away: 'yellow', offline: 'gray' };

/** The colour of a presence (Mantine colour name). */
export function presenceColor(status: PresenceStatus): string {
  return COLORS[status];
}

/** A small dot in the colour of a presence, with its name for screen readers. */
export function PresenceDot({ status, size = 10 }: { status: PresenceStatus; size?: number }) {
  const { t } = useTranslation();
  return (
    <Box component="span" role="img" aria-label={t(`realtime.status.${status}`)} data-testid="presence-dot" data-status={status}
      style={{
        display: 'inline-block', width: size, height: size, borderRadius: '50%', flexShrink: 0,
        background: status === 'offline' ? 'transparent' : `var(--mantine-color-${COLORS[status]}-6)`,
        border: `2px solid var(--mantine-color-${status === 'offline' ? 'gray-5' : `${COLORS[status]}-6`})`,
      }} />
  );
}

/** A user's avatar with their presence as a dot on its edge. */
export function PresenceAvatar({ name, status, size = 28, label }: { name: string; status: PresenceStatus; size?: number; label?: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={label ?? `${name} · ${t(`realtime.status.${status}`)}`} openDelay={200} withArrow>
      <Indicator color={COLORS[status]} size={Math.max(8, Math.round(size / 3))} offset={Math.round(size / 7)} position="bottom-end" withBorder
        processing={false} disabled={status === 'offline'} data-status={status}>
        <Avatar size={size} radius="xl" color={colorFor(name)} variant="light" alt={name}>{initials(name)}</Avatar>
      </Indicator>
    </Tooltip>
  );
}
