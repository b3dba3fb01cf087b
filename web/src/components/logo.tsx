import { Group, Text } from '@mantine/core';

/** Parley's mark and name. */
export function Logo({ size = 28, withName = true }: { size?: number; withName?: boolean }) {
  return (
    <Group gap={10} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <defs>
          <linearGradient id="parley-logo" x1="0" y1="0" x2="1" y2="1">
            <stop offset="0" stopColor="#6b74f2" />
            <stop offset="1" stopColor="#3c46d4" />
          </linearGradient>
        </defs>
        <rect width="32" height="32" rx="8" fill="url(#parley-logo)" />
        <path d="M9 10.5A3.5 3.5 0 0 1 12.5 7h7A3.5 3.5 0 0 1 23 10.5v5a3.5 3.5 0 0 1-3.5 3.5H15l-4.2 3.6c-.6.5-1.8.2-1.8-.7Z" fill="#fff" />
      </svg>
      {withName && (
        <Text fw={700} fz={18} lts={-0.3} c="dark.8">
          Parley
        </Text>
      )}
    </Group>
  );
}
