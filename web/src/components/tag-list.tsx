import { Badge, Group, Text } from '@mantine/core';

/** Tags as small badges; past `max` the rest collapse into "+n". */
export function TagList({ tags, max = 3, size = 'sm' }: { tags: string[]; max?: number; size?: 'xs' | 'sm' | 'md' }) {
  if (!tags.length) return <Text fz="sm" c="gray.4">—</Text>;
  const shown = tags.slice(0, max);
  const rest = tags.slice(max);
  return (
    <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
      {shown.map((t) => (
        <Badge key={t} variant="outline" color="gray" size={size} radius="sm" style={{ textTransform: 'none', fontWeight: 500, flexShrink: 0 }} c="gray.7">
          {t}
        </Badge>
      ))}
      {rest.length > 0 && (
        <Badge variant="light" color="gray" size={size} radius="sm" style={{ flexShrink: 0 }} title={rest.join(', ')}>+{rest.length}</Badge>
      )}
    </Group>
  );
}
