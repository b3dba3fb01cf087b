import { Button, Menu } from '@mantine/core';
import { IconCheck, IconChevronDown, IconSortDesc } from './icons.tsx';

/** A toolbar button that shows the current sort and opens the choices in a menu. */
export function SortMenu({ value, options, onChange, label }: { value: string; options: { value: string; label: string }[]; onChange: (v: string) => void; label: string }) {
  const current = options.find((o) => o.value === value) ?? options[0];
  return (
    <Menu position="bottom-end" width={230}>
      <Menu.Target>
        <Button variant="default" fw={500} leftSection={<IconSortDesc size={14} />} rightSection={<IconChevronDown size={14} />} aria-label={`${label}: ${current?.label ?? ''}`}>
          {current?.label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{label}</Menu.Label>
        {options.map((o) => (
          <Menu.Item key={o.value} onClick={() => onChange(o.value)} rightSection={o.value === value ? <IconCheck size={14} /> : null} fw={o.value === value ? 600 : 400}>
            {o.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
