import { Box, Group, Loader, Stack, Text, ThemeIcon } from '@mantine/core';
import { useRef, useState, type DragEvent } from 'react';
import { IconUpload } from '../../components/icons.tsx';

/** A drop area for one file that also opens the file picker on click, Enter or Space. */
export function DropZone({ onFile, busy, title, hint, accept }: { onFile: (f: File) => void; busy?: boolean; title: string; hint: string; accept?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f && !busy) onFile(f);
  };
  return (
    <Box
      role="button"
      tabIndex={0}
      aria-label={title}
      onClick={() => !busy && input.current?.click()}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), input.current?.click())}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      p={48}
      style={{
        border: `2px dashed ${over ? 'var(--mantine-color-brand-5)' : 'var(--mantine-color-gray-3)'}`,
        borderRadius: 'var(--mantine-radius-lg)',
        background: over ? 'var(--mantine-color-brand-0)' : '#fff',
        cursor: busy ? 'progress' : 'pointer',
        transition: 'background 120ms, border-color 120ms',
      }}
      data-testid="import-dropzone"
    >
      <Stack align="center" gap="sm">
        <ThemeIcon size={56} radius="xl" variant="light">{busy ? <Loader size="sm" /> : <IconUpload size={26} />}</ThemeIcon>
        <Text fw={600} fz="lg">{title}</Text>
        <Group gap={4}><Text c="dimmed" fz="sm" ta="center">{hint}</Text></Group>
      </Stack>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        data-testid="import-file-input"
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          if (f) onFile(f);
          e.currentTarget.value = '';
        }}
      />
    </Box>
  );
}
