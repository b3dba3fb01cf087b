import { Box, Tabs, Text, Textarea, Typography } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { previewMarkdown } from '../../api/rooms.ts';

/** Server-rendered, sanitized HTML of a post or note. */
export function MarkdownView({ html, testId }: { html: string; testId?: string }) {
  // The HTML comes from the server's renderMarkdown (markdown-it without raw HTML, then sanitize-html).
  return <Typography fz="sm"><div data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} /></Typography>;
}

/** A Markdown textarea with a Write / Preview switch; Ctrl+Enter submits. */
export function MarkdownEditor({ value, onChange, onSubmit, label, placeholder, minRows = 3, testId }: {
  value: string; onChange: (v: string) => void; onSubmit?: () => void; label?: string; placeholder?: string; minRows?: number; testId?: string;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>('write');
  const [html, setHtml] = useState('');
  useEffect(() => {
    if (tab !== 'preview') return;
    let live = true;
    previewMarkdown(value).then((r) => { if (live) setHtml(r.html); }, () => { if (live) setHtml(''); });
    return () => { live = false; };
  }, [tab, value]);
  return (
    <Tabs value={tab} onChange={setTab} variant="pills" radius="sm">
      <Tabs.List mb={6}>
        <Tabs.Tab value="write" size="xs">{t('rooms.editor.write')}</Tabs.Tab>
        <Tabs.Tab value="preview" size="xs">{t('rooms.editor.preview')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="write">
        <Textarea aria-label={label ?? t('rooms.editor.write')} placeholder={placeholder} value={value} autosize minRows={minRows} maxRows={20} data-testid={testId}
          onChange={(e) => onChange(e.currentTarget.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && onSubmit) { e.preventDefault(); onSubmit(); } }} />
        <Text fz="xs" c="dimmed" mt={4}>{t('rooms.editor.hint')}</Text>
      </Tabs.Panel>
      <Tabs.Panel value="preview">
        <Box p="sm" mih={60} style={{ border: '1px solid var(--parley-border)', borderRadius: 6 }}>
          {value.trim() ? <MarkdownView html={html} /> : <Text c="dimmed" fz="sm">{t('rooms.editor.nothing')}</Text>}
        </Box>
      </Tabs.Panel>
    </Tabs>
  );
}
