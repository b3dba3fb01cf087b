import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { TEMPLATE_VARIABLES } from '@parley/contracts/replies';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { previewTemplate, useCannedReplies, useDeleteCanned, useSaveCanned, type CannedReply, type RenderedReply } from '../../api/replies.ts';
import { useSession } from '../../api/session.tsx';
import { IconPencil, IconPlus, IconTrash } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage, QueryError } from '../../components/query-error.tsx';
import { SettingsSection } from '../settings/section.tsx';

type Lang = 'de' | 'en';

/** Settings → Canned replies: the list, and an editor with de/en tabs, variable chips and a preview. */
export function CannedRepliesSettings() {
  const { t } = useTranslation();
  const { can } = useSession();
  const list = useCannedReplies();
  const remove = useDeleteCanned();
  const [editing, setEditing] = useState<CannedReply | 'new' | null>(null);
  const manage = can('canned_replies:manage');
  return (
    <SettingsSection
      title={t('replies.canned.title')} description={t('replies.canned.description')}
      actions={manage && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="canned-new">{t('replies.canned.new')}</Button>}
    >
      {list.isError ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : list.data && list.data.length === 0 ? (
        <Paper withBorder p="lg" bg="var(--parley-bg)"><Text c="dimmed" fz="sm">{t('replies.canned.empty')}</Text></Paper>
      ) : (
        <Table verticalSpacing="xs" highlightOnHover>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('replies.canned.name')}</Table.Th><Table.Th>{t('replies.canned.shortcut')}</Table.Th><Table.Th>{t('replies.canned.languages')}</Table.Th><Table.Th>{t('replies.canned.used')}</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data ?? []).map((c) => (
              <Table.Tr key={c.id} data-testid="canned-row">
                <Table.Td><Text fz="sm" fw={500}>{c.name}</Text></Table.Td>
                <Table.Td><Text fz="sm" ff="monospace">/{c.shortcut}</Text></Table.Td>
                <Table.Td><Group gap={4}>{(['de', 'en'] as const).filter((l) => c.texts[l]).map((l) => <Badge key={l} size="xs" variant="light">{l.toUpperCase()}</Badge>)}</Group></Table.Td>
                <Table.Td><Text fz="sm" c="dimmed">{c.usageCount}</Text></Table.Td>
                <Table.Td>
                  {manage && (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button size="compact-sm" variant="subtle" leftSection={<IconPencil size={14} />} onClick={() => setEditing(c)}>{t('common.edit')}</Button>
                      <Button size="compact-sm" variant="subtle" color="red" aria-label={t('common.delete')}
                        onClick={() => remove.mutate(c.id, { onError: (err) => notify({ kind: 'error', message: errorMessage(err, t) }) })}><IconTrash size={14} /></Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <CannedEditor canned={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </SettingsSection>
  );
}

function CannedEditor({ canned, onClose }: { canned: CannedReply | null; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveCanned();
  const [name, setName] = useState(canned?.name ?? '');
  const [shortcut, setShortcut] = useState(canned?.shortcut ?? '');
  const [texts, setTexts] = useState<Record<Lang, string>>({ de: canned?.texts.de ?? '', en: canned?.texts.en ?? '' });
  const [lang, setLang] = useState<Lang>('de');
  const [preview, setPreview] = useState<RenderedReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const area = useRef<HTMLTextAreaElement>(null);

  // The preview follows the text after a short pause: rendered by the server, as the composer will.
  useEffect(() => {
    const text = texts[lang];
    if (!text.trim()) { setPreview(null); return; }
    const timer = window.setTimeout(() => { previewTemplate(text, lang).then(setPreview, () => setPreview(null)); }, 300);
    return () => window.clearTimeout(timer);
  }, [texts, lang]);

  const insertVariable = (v: string) => {
    const el = area.current;
    const token = `{{${v}}}`;
    const cur = texts[lang];
    const at = el ? el.selectionStart : cur.length;
    const next = cur.slice(0, at) + token + cur.slice(el ? el.selectionEnd : cur.length);
    setTexts({ ...texts, [lang]: next });
    requestAnimationFrame(() => { el?.focus(); el?.setSelectionRange(at + token.length, at + token.length); });
  };

  const submit = async () => {
    setError(null);
    try {
      await save.mutateAsync({
        ...(canned ? { id: canned.id } : {}), name, shortcut,
        texts: { ...(texts.de.trim() ? { de: texts.de } : {}), ...(texts.en.trim() ? { en: texts.en } : {}) },
      });
      notify({ kind: 'success', message: t('replies.canned.saved') });
      onClose();
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err, t));
    }
  };

  return (
    <Modal opened onClose={onClose} size="lg" title={t(canned ? 'replies.canned.edit' : 'replies.canned.new')}>
      <Stack gap="sm">
        {error && <Alert color="red" variant="light">{error}</Alert>}
        <Group grow>
          <TextInput label={t('replies.canned.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus data-testid="canned-name" error={errors.name} />
          <TextInput label={t('replies.canned.shortcut')} description={t('replies.canned.shortcutHint')} leftSection="/" value={shortcut}
            onChange={(e) => setShortcut(e.currentTarget.value.toLowerCase().replace(/\s+/g, '-'))} required data-testid="canned-shortcut" error={errors.shortcut} />
        </Group>
        <Tabs value={lang} onChange={(v) => setLang((v as Lang) ?? 'de')}>
          <Tabs.List>
            <Tabs.Tab value="de">{t('replies.languages.de')}{texts.de.trim() ? '' : ' ·'}</Tabs.Tab>
            <Tabs.Tab value="en">{t('replies.languages.en')}{texts.en.trim() ? '' : ' ·'}</Tabs.Tab>
          </Tabs.List>
        </Tabs>
        <Textarea ref={area} value={texts[lang]} onChange={(e) => setTexts({ ...texts, [lang]: e.currentTarget.value })} autosize minRows={4} maxRows={12}
          aria-label={t('replies.canned.textIn', { language: t(`replies.languages.${lang}`) })} placeholder={t('replies.canned.textPlaceholder')} data-testid={`canned-text-${lang}`} />
        <div>
          <Text fz="xs" c="dimmed" mb={4}>{t('replies.canned.variables')}</Text>
          <Group gap={4}>
            {TEMPLATE_VARIABLES.map((v) => (
              <Button key={v} size="compact-xs" variant="light" color="gray" onClick={() => insertVariable(v)} ff="monospace">{`{{${v}}}`}</Button>
            ))}
          </Group>
          <Text fz="xs" c="dimmed" mt={4}>{t('replies.canned.fallbackHint', { example: '{{contact.first_name|…}}' })}</Text>
        </div>
        {preview && (
          <Paper withBorder p="sm" bg="var(--parley-bg)" data-testid="canned-preview">
            <Text fz="xs" c="dimmed" mb={4}>{t('replies.canned.preview')}</Text>
            <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{preview.text}</Text>
            {preview.unknown.length > 0 && <Text fz="xs" c="red.7" mt={4}>{t('replies.canned.unknown', { vars: preview.unknown.map((v) => `{{${v}}}`).join(', ') })}</Text>}
          </Paper>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={() => void submit()} loading={save.isPending} disabled={!name.trim() || !shortcut.trim() || (!texts.de.trim() && !texts.en.trim())} data-testid="canned-save">{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
