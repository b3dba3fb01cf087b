import { Alert, Autocomplete, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useHashtagAdmin, useHashtagSuggestions } from '../../api/comments.ts';
import { notify } from '../../components/notifications.tsx';
import { errorMessage } from '../../components/query-error.tsx';

// An admin's "Rename" and "Merge into …" on a hashtag page: a dialog asks the new name (or the tag to merge into), then
// says what will happen and asks to confirm (a second step of the same dialog: a confirmation stacked on a dialog would
// open behind it), errors stay in the dialog, and the page follows the tag to its new name.

const bare = (s: string) => s.trim().replace(/^#/, '');

/** The two buttons and their dialogs; rendered for admins only (the server refuses everyone else anyway). */
export function HashtagAdminActions({ tag, display, total }: { tag: string; display: string; total: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const admin = useHashtagAdmin();
  const [mode, setMode] = useState<'rename' | 'merge' | null>(null);
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const suggestions = useHashtagSuggestions(mode === 'merge' ? bare(to) : null);
  const pending = admin.rename.isPending || admin.merge.isPending;

  const openAs = (m: 'rename' | 'merge') => { setMode(m); setTo(m === 'rename' ? display : ''); setError(null); setConfirming(false); };
  const close = () => { if (!pending) setMode(null); };
  const target = bare(to);
  const submit = async () => {
    if (!target || !mode) return;
    if (target.normalize('NFC').toLowerCase() === tag) { setError(t('comments.hashtag.sameName')); return; }
    setError(null);
    if (!confirming) { setConfirming(true); return; }
    try {
      const result = await (mode === 'rename' ? admin.rename : admin.merge).mutateAsync({ tag, to: target });
      notify({ kind: 'success', message: t(mode === 'rename' ? 'comments.hashtag.renamed' : 'comments.hashtag.merged', { from: display, to: target }) });
      setMode(null);
      navigate(`/hashtags/${encodeURIComponent(result.tag)}`, { replace: true });
    } catch (err) {
      setConfirming(false);
      setError(errorMessage(err, t));
    }
  };
  const action = mode === 'merge' ? t('comments.hashtag.merge').replace(/\s*…$/, '') : t('comments.hashtag.rename');

  return (
    <>
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={() => openAs('rename')} data-testid="hashtag-rename">{t('comments.hashtag.rename')}</Button>
        <Button size="xs" variant="default" onClick={() => openAs('merge')} data-testid="hashtag-merge">{t('comments.hashtag.merge')}</Button>
      </Group>
      <Modal opened={mode !== null} onClose={close} centered size="md"
        title={<Text fw={700}>{mode === 'merge' ? t('comments.hashtag.mergeTitle', { tag: display }) : t('comments.hashtag.renameTitle', { tag: display })}</Text>}>
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <Stack gap="sm">
            {confirming ? (
              <Stack gap={4} data-testid="hashtag-admin-confirmation">
                <Text fw={600}>{mode === 'merge' ? t('comments.hashtag.mergeConfirmTitle', { from: display, to: target }) : t('comments.hashtag.renameConfirmTitle', { from: display, to: target })}</Text>
                <Text fz="sm" c="gray.7">{mode === 'merge' ? t('comments.hashtag.mergeConfirm', { from: display, to: target }) : t('comments.hashtag.renameConfirm', { count: total, to: target })}</Text>
              </Stack>
            ) : mode === 'rename' ? (
              <TextInput label={t('comments.hashtag.renameLabel')} leftSection="#" value={to} onChange={(e) => setTo(e.currentTarget.value)}
                description={t('comments.hashtag.renameHint')} maxLength={101} data-autofocus data-testid="hashtag-new-name" />
            ) : (
              <Autocomplete label={t('comments.hashtag.mergeLabel')} leftSection="#" placeholder={t('comments.hashtag.mergePlaceholder')} value={to} onChange={setTo}
                data={(suggestions.data?.items ?? []).filter((h) => h.tag !== tag).map((h) => ({ value: h.display, label: `#${h.display} (${h.count})` }))}
                filter={({ options }) => options} maxLength={101} data-autofocus data-testid="hashtag-merge-target" />
            )}
            {error && <Alert color="red" variant="light" role="alert" data-testid="hashtag-admin-error">{error}</Alert>}
            <Group justify="flex-end" gap="sm">
              {confirming
                ? <Button variant="default" onClick={() => setConfirming(false)} disabled={pending}>{t('comments.hashtag.back')}</Button>
                : <Button variant="default" onClick={close} disabled={pending}>{t('common.cancel')}</Button>}
              <Button type="submit" color={confirming && mode === 'merge' ? 'red' : undefined} loading={pending} disabled={!target} data-autofocus={confirming || undefined}
                data-testid={confirming ? 'hashtag-admin-confirm' : 'hashtag-admin-submit'}>
                {action}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
