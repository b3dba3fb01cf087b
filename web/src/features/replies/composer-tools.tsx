import { Alert, Box, Group, Kbd, Loader, Paper, ScrollArea, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { renderCanned, saveDraft, useCannedReplies, useDraft, type CannedReply, type Draft } from '../../api/replies.ts';
import { useSession } from '../../api/session.tsx';
import { IconAlert } from '../../components/icons.tsx';
import { errorMessage } from '../../components/query-error.tsx';

// The composer's helpers from the replies domain: the canned-reply picker ("/" at the start, Ctrl+/ or the button) and
// the draft kept on the server (autosaved while typing, restored when the conversation is opened again, anywhere).

const AUTOSAVE_MS = 800;

export type DraftStatus = 'idle' | 'saving' | 'saved' | 'error';

/**
 * Keeps the composer's text as the user's draft on the server: restores it once loaded (when nothing was typed yet),
 * saves changes after a pause, flushes on leaving; `sent()` after a reply was sent (the server deleted the draft).
 */
export function useDraftAutosave(conversationId: string, text: string, isPrivate: boolean, restore: (d: Draft) => void): { status: DraftStatus; sent: () => void } {
  // Drafts belong to the inbox team (an expert who took a thread over writes without one).
  const enabled = useSession().can('inbox:reply');
  const draft = useDraft(conversationId, enabled);
  const [status, setStatus] = useState<DraftStatus>('idle');
  const loaded = useRef(false);
  const saved = useRef({ text: '', private: false });
  const pending = useRef<{ text: string; private: boolean } | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const restoreRef = useRef(restore);
  restoreRef.current = restore;

  useEffect(() => {
    if (!enabled || loaded.current || draft.isPending) return;
    loaded.current = true;
    const d = draft.data ?? null;
    if (d) {
      saved.current = { text: d.text, private: d.private };
      restoreRef.current(d);
      setStatus('saved');
    }
  }, [enabled, draft.isPending, draft.data]);

  const flush = () => {
    window.clearTimeout(timer.current);
    const next = pending.current;
    pending.current = null;
    if (!next) return;
    setStatus('saving');
    saveDraft(conversationId, next).then(
      () => { saved.current = next; setStatus(next.text.trim() ? 'saved' : 'idle'); },
      () => setStatus('error'),
    );
  };

  useEffect(() => {
    // Not before the stored draft is known: an empty box must not delete it.
    if (!loaded.current) return;
    if (text === saved.current.text && isPrivate === saved.current.private) return;
    pending.current = { text, private: isPrivate };
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(flush, AUTOSAVE_MS);
  }, [text, isPrivate]);

  // Leaving the conversation (the box unmounts) saves what is still waiting.
  useEffect(() => () => flush(), []);

  return {
    status,
    sent: () => {
      window.clearTimeout(timer.current);
      pending.current = null;
      saved.current = { text: '', private: false };
      setStatus('idle');
    },
  };
}

/** "Saved as draft" beside the send button. */
export function DraftIndicator({ status }: { status: DraftStatus }) {
  const { t } = useTranslation();
  if (status === 'idle') return null;
  return (
    <Text fz="xs" c={status === 'error' ? 'red.7' : 'dimmed'} style={{ whiteSpace: 'nowrap' }} data-testid="draft-status" data-status={status} aria-live="polite">
      {t(`replies.draft.${status}`)}
    </Text>
  );
}

function matches(c: CannedReply, q: string): boolean {
  const s = q.trim().toLowerCase();
  if (!s) return true;
  return c.shortcut.includes(s) || c.name.toLowerCase().includes(s) || Object.values(c.texts).some((x) => x?.toLowerCase().includes(s));
}

/**
 * The canned-reply picker. In "slash" mode the query is what follows a "/" typed at the start of the box and the
 * textarea's keys drive it (onTextKeyDown); opened by Ctrl+/ or the button it has its own search field.
 */
export function useCannedPicker({ conversationId, text, onInsert }: { conversationId: string; text: string; onInsert: (next: string) => void }): {
  openSearch: () => void; onTextKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>) => boolean; element: ReactNode;
} {
  const { t } = useTranslation();
  const mayUse = useSession().can('canned_replies:read');
  const [searchOpen, setSearchOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const slash = /^\/([^\s/]*)$/.exec(text);
  const slashOpen = !!slash && dismissed !== text;
  const open = searchOpen || slashOpen;
  const query = searchOpen ? search : slash?.[1] ?? '';
  const canned = useCannedReplies(open && mayUse);
  const list = useMemo(() => (canned.data ?? []).filter((c) => matches(c, query)).slice(0, 8), [canned.data, query]);
  useEffect(() => setActive(0), [query, open]);
  useEffect(() => setNotice(null), [conversationId]);

  const close = () => {
    setSearchOpen(false);
    setSearch('');
    if (slashOpen) setDismissed(text);
  };

  const insert = async (c: CannedReply | undefined) => {
    if (!c || busy) return;
    setBusy(true);
    try {
      const r = await renderCanned(conversationId, c.id);
      const base = slashOpen && !searchOpen ? '' : text;
      onInsert(base.trim() ? `${base.replace(/\s+$/, '')}\n${r.text}` : r.text);
      const unfilled = [...r.missing, ...r.unknown].map((v) => `{{${v}}}`);
      setNotice(unfilled.length ? t('replies.picker.unfilled', { vars: unfilled.join(', ') }) : r.fellBack ? t('replies.picker.fellBack', { language: t(`replies.languages.${r.language}`) }) : null);
      setSearchOpen(false);
      setSearch('');
    } catch (err) {
      setNotice(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const keys = (e: KeyboardEvent<HTMLElement>): boolean => {
    if (!open) return false;
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, Math.max(list.length - 1, 0)));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter' && !e.shiftKey) void insert(list[active]);
    else if (e.key === 'Escape') close();
    else return false;
    e.preventDefault();
    e.stopPropagation();
    return true;
  };

  const element = (
    <>
      {notice && (
        <Alert color="yellow" variant="light" icon={<IconAlert />} mb="xs" py={6} withCloseButton onClose={() => setNotice(null)} data-testid="canned-notice">{notice}</Alert>
      )}
      {open && (
        <Paper withBorder shadow="sm" p={4} mb="xs" data-testid="canned-picker" role="dialog" aria-label={t('replies.picker.title')}>
          {searchOpen && (
            <TextInput
              size="xs" mb={4} autoFocus value={search} placeholder={t('replies.picker.search')} aria-label={t('replies.picker.search')}
              onChange={(e) => setSearch(e.currentTarget.value)} onKeyDown={(e) => void keys(e)} data-testid="canned-search"
            />
          )}
          {canned.isPending && mayUse ? <Group justify="center" p="xs"><Loader size="xs" /></Group> : list.length === 0 ? (
            <Text fz="sm" c="dimmed" p="xs" data-testid="canned-empty">{(canned.data ?? []).length === 0 ? t('replies.picker.none') : t('replies.picker.noMatch')}</Text>
          ) : (
            <ScrollArea.Autosize mah={240}>
              <Box role="listbox" aria-label={t('replies.picker.title')}>
                {list.map((c, i) => (
                  <UnstyledButton
                    key={c.id} role="option" aria-selected={i === active} w="100%" px="xs" py={6} data-testid="canned-option"
                    style={{ borderRadius: 6, background: i === active ? 'var(--mantine-color-blue-0)' : undefined }}
                    onMouseEnter={() => setActive(i)} onMouseDown={(e) => e.preventDefault()} onClick={() => void insert(c)}
                  >
                    <Group gap="xs" wrap="nowrap">
                      <Text fz="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>/{c.shortcut}</Text>
                      <Text fz="sm" truncate>{c.name}</Text>
                      <Text fz="xs" c="dimmed" ml="auto">{Object.keys(c.texts).join(' · ').toUpperCase()}</Text>
                    </Group>
                  </UnstyledButton>
                ))}
              </Box>
            </ScrollArea.Autosize>
          )}
          <Group gap={6} px="xs" pt={4}>
            <Kbd size="xs">↑</Kbd><Kbd size="xs">↓</Kbd><Kbd size="xs">Enter</Kbd><Kbd size="xs">Esc</Kbd>
            {busy && <Loader size={10} />}
          </Group>
        </Paper>
      )}
    </>
  );

  return { openSearch: () => { setSearchOpen(true); setSearch(''); }, onTextKeyDown: keys, element };
}

/** Ctrl+/ (or ⌘+/) opens the picker. */
export function isPickerKey(e: KeyboardEvent): boolean {
  return e.key === '/' && (e.ctrlKey || e.metaKey) && !e.altKey;
}
