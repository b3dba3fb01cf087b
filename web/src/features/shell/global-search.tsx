import { Avatar, Badge, Box, Center, Group, Loader, Mark, Modal, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { timeZone } from '../../api/tasks.ts';
import type { SearchResult } from '../../api/types.ts';
import { colorFor, initials } from '../../components/format.ts';
import { IconBuilding, IconChecklist, IconFile, IconNote, IconSearch, IconTeam, IconUser } from '../../components/icons.tsx';
import { Key } from '../../components/kbd.tsx';

interface Hit {
  type: string;
  id: string;
  title: string;
  subtitle?: string | null;
  excerpt?: { text: string; hit: boolean }[];
  link: string;
}

function readAnswer(a: SearchResult): Hit[] {
  return a.groups.flatMap((g) => g.items.map((h) => ({ type: h.type, id: h.id, title: h.title, subtitle: h.subtitle, excerpt: h.excerpt, link: h.link })));
}

/** The words around a match, the matched words marked (plain text parts from the server, never HTML). */
function Excerpt({ parts }: { parts: { text: string; hit: boolean }[] }) {
  return (
    <Text fz="xs" c="gray.7" lineClamp={2} data-testid="global-search-excerpt">
      {parts.map((p, i) => (p.hit ? <Mark key={i} color="yellow" data-testid="global-search-mark">{p.text}</Mark> : <span key={i}>{p.text}</span>))}
    </Text>
  );
}

/**
 * The Spotlight-style global search (Ctrl+K or "/"): people, companies, tasks, comments, room posts and documents;
 * arrows move, Enter opens (a comment or post at its place on the record's page), Esc closes.
 */
export function GlobalSearch({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 180);
  const [selected, setSelected] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);

  const results = useQuery({
    queryKey: ['global-search', debounced],
    queryFn: async ({ signal }) => readAnswer(await api.get<SearchResult>('/api/search', { q: debounced, limit: 6, tz: timeZone }, signal)),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const hits = useMemo(() => (debounced ? results.data ?? [] : []), [debounced, results.data]);
  useEffect(() => setSelected(0), [debounced]);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const open = (h: Hit | undefined) => {
    if (!h) return;
    onClose();
    navigate(h.link);
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setSelected((s) => Math.min(s + 1, Math.max(hits.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setSelected((s) => Math.max(s - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(hits[selected]);
    }
  };

  const iconOf = (h: Hit) => {
    if (h.type === 'company') return <Avatar size={32} radius="md" color={colorFor(h.title)} variant="light"><IconBuilding size={16} /></Avatar>;
    if (h.type === 'task') return <Avatar size={32} radius="md" color="gray" variant="light"><IconChecklist size={16} /></Avatar>;
    if (h.type === 'comment') return <Avatar size={32} radius="md" color="blue" variant="light"><IconNote size={16} /></Avatar>;
    if (h.type === 'room_post') return <Avatar size={32} radius="md" color="teal" variant="light"><IconTeam size={16} /></Avatar>;
    if (h.type === 'document') return <Avatar size={32} radius="md" color="grape" variant="light"><IconFile size={16} /></Avatar>;
    return <Avatar size={32} radius="xl" color={colorFor(h.title)} variant="light">{initials(h.title)}</Avatar>;
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      withCloseButton={false}
      size={620}
      yOffset="12vh"
      padding={0}
      radius="lg"
      aria-label={t('search.open')}
      transitionProps={{ duration: 120 }}
    >
      <TextInput
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        onKeyDown={onKey}
        placeholder={t('search.placeholderLong')}
        leftSection={results.isFetching ? <Loader size={16} /> : <IconSearch size={18} />}
        rightSection={<Key>Esc</Key>}
        rightSectionWidth={52}
        size="lg"
        variant="unstyled"
        data-autofocus
        aria-label={t('search.open')}
        data-testid="global-search-input"
        styles={{ input: { height: 58, fontSize: 17, borderBottom: '1px solid var(--parley-border)', borderRadius: 0 } }}
        px="xs"
      />
      {/* min-width 0: long subtitles truncate instead of widening the list (Autosize sizes its content to min-content). */}
      <ScrollArea.Autosize mah="55vh" type="auto" scrollbars="y" styles={{ content: { minWidth: 0 } }}>
        <Box p="xs" ref={listRef} role="listbox" aria-label={t('search.results')}>
          {!debounced && <Text c="dimmed" fz="sm" p="md" ta="center">{t('search.hint')}</Text>}
          {debounced && results.isPending && <Center p="lg"><Loader size="sm" /></Center>}
          {debounced && !results.isPending && hits.length === 0 && <Text c="dimmed" fz="sm" p="md" ta="center">{t('search.noResults', { q: debounced })}</Text>}
          <Stack gap={2}>
            {hits.map((h, i) => (
              <Group
                key={`${h.type}:${h.id}`}
                className="parley-search-result"
                data-selected={i === selected || undefined}
                data-index={i}
                role="option"
                aria-selected={i === selected}
                p="xs"
                gap="sm"
                wrap="nowrap"
                onMouseMove={() => setSelected(i)}
                onClick={() => open(h)}
                data-testid="global-search-result"
                data-type={h.type}
              >
                {iconOf(h)}
                <Box style={{ flex: 1, minWidth: 0 }}>
                  <Text fz="sm" fw={600} truncate>{h.title}</Text>
                  {h.excerpt && h.excerpt.length > 0 && <Excerpt parts={h.excerpt} />}
                  {h.subtitle && <Text fz="xs" c="dimmed" truncate>{h.subtitle}</Text>}
                </Box>
                <Badge variant="light" color="gray" size="sm" leftSection={h.type === 'contact' ? <IconUser size={11} /> : null}>
                  {t(`search.type.${h.type}`, { defaultValue: h.type })}
                </Badge>
              </Group>
            ))}
          </Stack>
        </Box>
      </ScrollArea.Autosize>
      <Group gap="lg" px="md" py={8} style={{ borderTop: '1px solid var(--parley-border)', background: '#fafbfd' }}>
        <Group gap={4}><Key>↑</Key><Key>↓</Key><Text fz="xs" c="dimmed">{t('search.move')}</Text></Group>
        <Group gap={4}><Key>Enter</Key><Text fz="xs" c="dimmed">{t('search.openResult')}</Text></Group>
        <Group gap={4}><Key>Esc</Key><Text fz="xs" c="dimmed">{t('search.close')}</Text></Group>
      </Group>
    </Modal>
  );
}
