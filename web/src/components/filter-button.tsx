import { Badge, Button, Popover } from '@mantine/core';
import type { ReactNode } from 'react';
import { IconChevronDown } from './icons.tsx';

/** A toolbar button that opens a filter in a popover and shows how many values are chosen. */
export function FilterButton({ label, count, children, width = 280, icon, testId }: { label: string; count: number; children: ReactNode; width?: number; icon?: ReactNode; testId?: string }) {
  return (
    <Popover position="bottom-start" width={width} shadow="md" trapFocus withinPortal>
      <Popover.Target>
        <Button
          variant={count ? 'light' : 'default'}
          color={count ? 'brand' : 'gray'}
          size="sm"
          leftSection={icon}
          rightSection={count ? <Badge size="xs" circle variant="filled">{count}</Badge> : <IconChevronDown size={14} />}
          fw={500}
          data-testid={testId}
        >
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="sm">{children}</Popover.Dropdown>
    </Popover>
  );
}
