import { Box, Button, Group, Paper, SegmentedControl, Text, Textarea } from '@mantine/core';
import { EXPERT_LIMITS } from '@parley/contracts/experts';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isMissingRoute } from '../../api/client.ts';
import { useCreateNote } from '../../api/experts.ts';
import { useTeams } from '../../api/settings.ts';
import { useSession } from '../../api/session.tsx';
import { useUsersQuery } from '../../api/users.ts';
import { IconNote } from '../../components/icons.tsx';
import { Key, modKey } from '../../components/kbd.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { isSendKey } from '../inbox/keys.ts';
import classes from './experts.module.css';

// The internal note editor. Typing "@" offers users and teams (arrow keys, Enter or Tab to pick, Escape to close);
// a pick is written as `@[Name](user:<id>)`, the markup the server reads mentions from.

interface Option { type: 'user' | 'team'; id: string; name: string; hint: string }

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The text typed after an "@" just before the caret, or null when the caret is not in a mention. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && /[\p{L}\p{N}_.]/u.test(before[at - 1]!))) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\n[\]()]/.test(query) || /\s\s/.test(query)) return null;
  return { start: at, query };
}

/** Writes an internal note or a suggested reply; experts start with a suggestion, agents with a note. */
export function NoteEditor({ conversationId, onDone }: { conversationId: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const create = useCreateNote(conversationId);
  const users = useUsersQuery();
  const teams = useTeams();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<'note' | 'suggestion'>(can('inbox:consulted') ? 'suggestion' : 'note');
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const listId = useId();

  const all = useMemo<Option[]>(() => [
    ...(users.data ?? []).filter((u) => u.status !== 'deactivated').map((u) => ({ type: 'user' as const, id: u.id, name: u.name, hint: t(`experts.role.${u.role}`, { defaultValue: u.role ?? '' }) })),
    ...(teams.data ?? []).map((tm) => ({ type: 'team' as const, id: tm.id, name: tm.name, hint: t('experts.mention.team') })),
  ], [users.data, teams.data, t]);
  const options = useMemo(() => {
    if (!mention) return [];
    const q = fold(mention.query);
    return all.filter((o) => fold(o.name).includes(q) || fold(o.name).replace(/\s+/g, '.').includes(q)).slice(0, 8);
  }, [all, mention]);
  const open = mention !== null && options.length > 0;

  const track = (value: string, caret: number) => {
    setText(value);
    setMention(mentionQuery(value, caret));
    setActive(0);
  };
  const pick = (o: Option) => {
    if (!mention) return;
    const caret = area.current?.selectionStart ?? text.length;
    const insert = `@[${o.name}](${o.type}:${o.id}) `;
    const next = text.slice(0, mention.start) + insert + text.slice(caret);
    setText(next);
    setMention(null);
    const pos = mention.start + insert.length;
    requestAnimationFrame(() => { area.current?.focus(); area.current?.setSelectionRange(pos, pos); });
  };
  const submit = async () => {
    const body = text.trim();
    if (!body || create.isPending) return;
    try {
      await create.mutateAsync({ text: body, kind });
      setText('');
      notify({ kind: 'success', message: t(kind === 'suggestion' ? 'experts.suggestion.saved' : 'experts.note.saved') });
      onDone?.();
    } catch (err) {
      notify({ kind: 'error', message: isMissingRoute(err) ? t('experts.notAvailable') : errorMessage(err, t) });
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(options[active]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setMention(null);
        return;
      }
    }
    if (isSendKey(e.nativeEvent)) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <Box px="lg" py="sm" style={{ borderTop: '1px solid var(--mantine-color-yellow-3)', background: 'var(--mantine-color-yellow-0)' }} data-testid="note-editor">
      <Group justify="space-between" mb={6} gap="xs">
        <SegmentedControl size="xs" value={kind} onChange={(v) => setKind(v as 'note' | 'suggestion')} data-testid="note-kind"
          data={[{ value: 'note', label: t('experts.note.label') }, { value: 'suggestion', label: t('experts.suggestion.label') }]} aria-label={t('experts.note.kindLabel')} />
        <Text fz="xs" c="yellow.9">{t('experts.note.internalHint')}</Text>
      </Group>
      <Box pos="relative">
        <Textarea
          ref={area}
          value={text}
          onChange={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart ?? e.currentTarget.value.length)}
          onKeyDown={onKeyDown}
          onBlur={() => window.setTimeout(() => setMention(null), 150)}
          placeholder={t(kind === 'suggestion' ? 'experts.suggestion.placeholder' : 'experts.note.placeholder')}
          aria-label={t(kind === 'suggestion' ? 'experts.suggestion.label' : 'experts.note.label')}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          autosize minRows={2} maxRows={8} maxLength={EXPERT_LIMITS.note}
          data-testid="note-text-input"
        />
        {open && (
          <Paper withBorder shadow="md" radius="md" pos="absolute" left={0} bottom="100%" mb={4} w={300} style={{ zIndex: 20 }}>
            <div id={listId} role="listbox" aria-label={t('experts.mention.label')} className={classes.options} data-testid="mention-options">
              {options.map((o, i) => (
                <button key={`${o.type}:${o.id}`} id={`${listId}-${i}`} type="button" role="option" aria-selected={i === active} tabIndex={-1}
                  className={classes.option} data-active={i === active || undefined} onMouseDown={(e) => { e.preventDefault(); pick(o); }}>
                  <Text span fz="sm" fw={600}>{o.name}</Text> <Text span fz="xs" c="dimmed">{o.hint}</Text>
                </button>
              ))}
            </div>
          </Paper>
        )}
      </Box>
      <Group justify="space-between" mt="xs" gap="sm" wrap="nowrap">
        <Group gap={4} wrap="nowrap" visibleFrom="md">
          <Text fz="xs" c="dimmed">{t('experts.mention.hint')}</Text>
          <Key>{modKey}</Key><Key>Enter</Key><Text fz="xs" c="dimmed">{t('experts.note.saveKey')}</Text>
        </Group>
        <Button color="orange" leftSection={<IconNote size={14} />} onClick={() => void submit()} loading={create.isPending} disabled={!text.trim()} data-testid="note-save">
          {t(kind === 'suggestion' ? 'experts.suggestion.save' : 'experts.note.save')}
        </Button>
      </Group>
    </Box>
  );
}

/** Under the thread: an expert always has the note editor; an agent opens it beside the reply box. */
export function ExpertComposer({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  if (!can('experts:answer')) return null;
  if (can('inbox:consulted')) return <NoteEditor conversationId={conversationId} />;
  return (
    <>
      {open && <NoteEditor conversationId={conversationId} onDone={() => setOpen(false)} />}
      <Group px="lg" pt={6} justify="flex-end" style={{ borderTop: open ? undefined : '1px solid var(--parley-border)' }}>
        <Button size="compact-xs" variant="subtle" color="yellow.9" leftSection={<IconNote size={13} />} onClick={() => setOpen((o) => !o)} data-testid="toggle-note" aria-expanded={open}>
          {t(open ? 'experts.note.close' : 'experts.note.open')}
        </Button>
      </Group>
    </>
  );
}
