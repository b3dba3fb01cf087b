import { Badge, Box, Button, CloseButton, FileButton, Group, Paper, Progress, Tabs, Text, Textarea, Typography } from '@mantine/core';
import { COMMENT_LIMITS } from '@parley/contracts/comments';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { previewComment, useHashtagSuggestions, type Comment } from '../../api/comments.ts';
import { useTeams } from '../../api/settings.ts';
import { useUsersQuery } from '../../api/users.ts';
import { mentionQuery } from '../experts/note-editor.tsx';
import { isSendKey } from '../inbox/keys.ts';
import { SafeHtml } from './safe-html.tsx';

// The comment editor: Markdown in a textarea, a preview rendered by the server (the same sanitizer as the saved
// comment), "@" offers users and teams, "#" offers the workspace's hashtags; files are attached after saving. Editing a
// comment shows its attachments: each can be marked for removal (undone with a second click), and new files added.

interface Option { key: string; label: string; hint: string; insert: string }

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The tag typed after a "#" just before the caret, or null. */
export function hashtagQuery(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|[^\p{L}\p{M}\p{N}_&#/\\])#([\p{L}\p{M}\p{N}_]{0,40})$/u.exec(text.slice(0, caret));
  return m ? { start: caret - m[2]!.length - 1, query: m[2]! } : null;
}

export interface EditorProps {
  initial?: string;
  submitLabel: string;
  pending: boolean;
  withFiles?: boolean;
  /** The comment's attachments when editing one (with withFiles): each may be marked for removal. */
  attachments?: Comment['attachments'];
  progress?: number | null;
  /** Saves; `removed` are the keys of attachments marked for removal. Resolves true when the editor may reset. */
  onSubmit: (body: string, files: File[], removed: string[]) => Promise<boolean>;
  onCancel?: () => void;
}

/** A Markdown editor with preview, @mention and #hashtag autocomplete, and optional attachments. */
export function CommentEditor({ initial = '', submitLabel, pending, withFiles, attachments = [], progress, onSubmit, onCancel }: EditorProps) {
  const { t } = useTranslation();
  const users = useUsersQuery();
  const teams = useTeams();
  const [text, setText] = useState(initial);
  const [tab, setTab] = useState<string | null>('write');
  const [preview, setPreview] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [removed, setRemoved] = useState<string[]>([]);
  const free = COMMENT_LIMITS.attachmentsPerComment - (attachments.length - removed.length);
  const [trigger, setTrigger] = useState<{ kind: '@' | '#'; start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const tags = useHashtagSuggestions(trigger?.kind === '#' ? trigger.query : null);

  const options = useMemo<Option[]>(() => {
    if (!trigger) return [];
    const q = fold(trigger.query);
    if (trigger.kind === '#') {
      return (tags.data?.items ?? []).map((h) => ({ key: h.tag, label: `#${h.display}`, hint: t('comments.uses', { count: h.count }), insert: `#${h.display} ` }));
    }
    return [
      ...(users.data ?? []).filter((u) => u.status !== 'deactivated').map((u) => ({ key: `u:${u.id}`, label: u.name, hint: t('comments.user'), insert: `@[${u.name}](user:${u.id}) ` })),
      ...(teams.data ?? []).map((tm) => ({ key: `t:${tm.id}`, label: tm.name, hint: t('comments.team'), insert: `@[${tm.name}](team:${tm.id}) ` })),
    ].filter((o) => fold(o.label).includes(q) || fold(o.label).replace(/\s+/g, '.').includes(q)).slice(0, 8);
  }, [trigger, tags.data, users.data, teams.data, t]);
  const open = trigger !== null && options.length > 0;

  const track = (value: string, caret: number) => {
    setText(value);
    const m = mentionQuery(value, caret);
    const h = m ? null : hashtagQuery(value, caret);
    setTrigger(m ? { kind: '@', ...m } : h ? { kind: '#', ...h } : null);
    setActive(0);
  };
  const pick = (o: Option) => {
    if (!trigger) return;
    const caret = area.current?.selectionStart ?? text.length;
    const next = text.slice(0, trigger.start) + o.insert + text.slice(caret);
    setText(next);
    setTrigger(null);
    const pos = trigger.start + o.insert.length;
    requestAnimationFrame(() => { area.current?.focus(); area.current?.setSelectionRange(pos, pos); });
  };
  const submit = async () => {
    const body = text.trim();
    if (!body || pending) return;
    if (await onSubmit(body, files, removed)) { setText(''); setFiles([]); setRemoved([]); setTab('write'); }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); pick(options[active]!); return; }
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); setTrigger(null); return; }
    }
    if (isSendKey(e.nativeEvent)) { e.preventDefault(); void submit(); }
    if (e.key === 'Escape' && onCancel) onCancel();
  };
  const showPreview = async (v: string | null) => {
    setTab(v);
    if (v === 'preview') setPreview(text.trim() ? (await previewComment(text).catch(() => ({ html: '' }))).html : '');
  };

  return (
    <Box data-testid="comment-editor">
      <Tabs value={tab} onChange={(v) => void showPreview(v)} variant="outline">
        <Tabs.List>
          <Tabs.Tab value="write">{t('comments.write')}</Tabs.Tab>
          <Tabs.Tab value="preview" data-testid="comment-preview-tab">{t('comments.preview')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="xs">
          <Box pos="relative">
            <Textarea ref={area} value={text} autosize minRows={3} maxRows={12} maxLength={COMMENT_LIMITS.bodyMax}
              onChange={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart ?? e.currentTarget.value.length)}
              onKeyDown={onKeyDown} onBlur={() => window.setTimeout(() => setTrigger(null), 150)}
              placeholder={t('comments.placeholder')} aria-label={t('comments.label')}
              aria-autocomplete="list" aria-expanded={open} aria-controls={open ? listId : undefined}
              aria-activedescendant={open ? `${listId}-${active}` : undefined} data-testid="comment-input" />
            {open && (
              <Paper withBorder shadow="md" radius="md" pos="absolute" left={0} top="100%" mt={4} w={300} style={{ zIndex: 20 }}>
                <div id={listId} role="listbox" aria-label={t('comments.suggestions')} data-testid="comment-suggestions">
                  {options.map((o, i) => (
                    <Box key={o.key} id={`${listId}-${i}`} role="option" aria-selected={i === active} px="sm" py={6}
                      bg={i === active ? 'var(--mantine-color-blue-light)' : undefined} style={{ cursor: 'pointer' }}
                      onMouseDown={(e) => { e.preventDefault(); pick(o); }}>
                      <Text span fz="sm" fw={600}>{o.label}</Text> <Text span fz="xs" c="dimmed">{o.hint}</Text>
                    </Box>
                  ))}
                </div>
              </Paper>
            )}
          </Box>
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="xs">
          <Paper withBorder p="sm" mih={80} data-testid="comment-preview">
            {preview ? <Typography><SafeHtml html={preview} /></Typography> : <Text c="dimmed" fz="sm">{t('comments.nothingToPreview')}</Text>}
          </Paper>
        </Tabs.Panel>
      </Tabs>
      {withFiles && attachments.length > 0 && (
        <Group gap={6} mt={6} data-testid="comment-edit-attachments" aria-label={t('comments.attachmentsEdit')}>
          {attachments.map((a) => {
            const gone = removed.includes(a.key);
            return (
              <Badge key={a.key} variant={gone ? 'outline' : 'light'} color={gone ? 'red' : 'gray'} tt="none" data-testid="comment-edit-attachment" data-removed={gone || undefined}
                style={gone ? { textDecoration: 'line-through' } : undefined}
                rightSection={<CloseButton size="xs" variant="transparent" aria-label={t(gone ? 'comments.undoRemove' : 'comments.removeAttachment', { name: a.name })}
                  onClick={() => setRemoved((r) => (gone ? r.filter((k) => k !== a.key) : [...r, a.key]))} />}>
                📎 {a.name}{gone ? ` · ${t('comments.removed')}` : ''}
              </Badge>
            );
          })}
        </Group>
      )}
      {files.length > 0 && (
        <Group gap={6} mt={4} data-testid="comment-new-files">
          {files.map((f, i) => (
            <Badge key={`${f.name}:${i}`} variant="light" color="blue" tt="none"
              rightSection={<CloseButton size="xs" variant="transparent" aria-label={t('comments.removeAttachment', { name: f.name })} onClick={() => setFiles((l) => l.filter((_, j) => j !== i))} />}>
              {f.name}
            </Badge>
          ))}
        </Group>
      )}
      {progress != null && <Progress value={progress * 100} size="sm" mt={4} aria-label={t('comments.uploading')} />}
      <Group justify="space-between" mt="xs">
        <Text fz="xs" c="dimmed">{t('comments.hint')}</Text>
        <Group gap="xs">
          {withFiles && (
            <FileButton multiple onChange={(f) => setFiles((l) => [...l, ...f].slice(0, Math.max(0, free)))} accept={COMMENT_LIMITS.attachmentTypes.join(',')}>
              {(props) => <Button variant="default" size="xs" {...props} disabled={free <= files.length} data-testid="comment-attach">{t('comments.attach')}</Button>}
            </FileButton>
          )}
          {onCancel && <Button variant="subtle" size="xs" onClick={onCancel}>{t('comments.cancel')}</Button>}
          <Button size="xs" onClick={() => void submit()} loading={pending} disabled={!text.trim()} data-testid="comment-submit">{submitLabel}</Button>
        </Group>
      </Group>
    </Box>
  );
}
