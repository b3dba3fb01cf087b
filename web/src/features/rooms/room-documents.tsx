import { Button, Divider, Drawer, EmptyState, FileButton, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { CommentsPanel } from '../comments/comments-panel.tsx';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { uploadDocument, useDocumentVersions, useRefreshRooms, useRoomDocuments, type Room, type RoomDocument } from '../../api/rooms.ts';
import { IconDownload, IconFile, IconHistory, IconUpload } from '../../components/icons.tsx';
import { notify } from '../../components/notifications.tsx';
import { errorMessage, QueryError } from '../../components/query-error.tsx';

const ACCEPT = '.pdf,.txt,.csv,.md,.png,.jpg,.jpeg,.gif,.webp,.zip,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods';

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Upload with a progress bar; to a room (new document) or to a document (new version). */
function UploadButton({ url, label, testId, variant = 'filled' }: { url: string; label: string; testId: string; variant?: 'filled' | 'light' }) {
  const { t } = useTranslation();
  const refresh = useRefreshRooms();
  const [progress, setProgress] = useState<number | null>(null);
  const onFile = async (file: File | null) => {
    if (!file) return;
    setProgress(0);
    try {
      await uploadDocument(url, file, setProgress);
      notify({ kind: 'success', message: t('rooms.documents.uploaded', { name: file.name }) });
      refresh();
    } catch (err) {
      notify({ kind: 'error', title: t('rooms.documents.uploadFailed'), message: errorMessage(err, t) });
    } finally {
      setProgress(null);
    }
  };
  return (
    <Stack gap={4}>
      <FileButton onChange={(f) => void onFile(f)} accept={ACCEPT}>
        {(props) => <Button {...props} size="xs" variant={variant} leftSection={<IconUpload size={14} />} loading={progress !== null} data-testid={testId}>{label}</Button>}
      </FileButton>
      {progress !== null && <Progress value={progress * 100} size="sm" animated aria-label={t('rooms.documents.progress')} />}
    </Stack>
  );
}

/** A room's shared documents: upload, a drawer with the versions and the document's comments, download. */
export function RoomDocuments({ room }: { room: Room }) {
  const { t, i18n } = useTranslation();
  const docs = useRoomDocuments(room.id);
  const [open, setOpenState] = useState<RoomDocument | null>(null);
  const list = docs.data?.items ?? [];
  // `?document=<id>` (links of notifications and search results to a document's comments) opens its drawer.
  const [sp, setSp] = useSearchParams();
  const wanted = sp.get('document');
  const hit = wanted ? list.find((d) => d.id === wanted) : undefined;
  useEffect(() => {
    if (hit) setOpenState(hit);
  }, [hit]);
  // Opening or closing a drawer by hand takes over from the link.
  const setOpen = (d: RoomDocument | null) => {
    setOpenState(d);
    if (wanted) setSp((prev) => { const next = new URLSearchParams(prev); next.delete('document'); return next; }, { replace: true });
  };
  return (
    <Stack>
      {room.abilities.write && <Group><UploadButton url={`/api/rooms/${room.id}/documents`} label={t('rooms.documents.upload')} testId="upload-document" /></Group>}
      {docs.error ? <QueryError error={docs.error} /> : !docs.isLoading && list.length === 0 ? (
        <EmptyState py={40} icon={<IconFile size={26} />} variant="light" color="teal" title={t('rooms.documents.empty')} description={t('rooms.documents.emptyText')} />
      ) : list.length > 0 && (
        <Paper withBorder>
          <Table highlightOnHover>
            <Table.Thead><Table.Tr><Table.Th>{t('rooms.documents.name')}</Table.Th><Table.Th>{t('rooms.documents.version')}</Table.Th><Table.Th>{t('rooms.documents.changed')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.map((d) => (
                <Table.Tr key={d.id} id={`document-${d.id}`} data-testid="document-row" data-document-id={d.id}>
                  <Table.Td><Text fz="sm" fw={500}>{d.name}</Text><Text fz="xs" c="dimmed">{size(d.size)}</Text></Table.Td>
                  <Table.Td><Text fz="sm">v{d.currentVersion}</Text></Table.Td>
                  <Table.Td><Text fz="sm">{d.updatedBy?.name ?? t('rooms.unknownUser')}</Text><Text fz="xs" c="dimmed">{new Date(d.updatedAt).toLocaleString(i18n.language)}</Text></Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end">
                      <Button size="xs" variant="subtle" component="a" href={`/api/documents/${d.id}/versions/${d.currentVersion}/download`} leftSection={<IconDownload size={14} />}>{t('rooms.documents.download')}</Button>
                      <Button size="xs" variant="subtle" leftSection={<IconHistory size={14} />} onClick={() => setOpen(d)} data-testid="document-versions">{t('rooms.documents.versions')}</Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <VersionsDrawer doc={open ? list.find((d) => d.id === open.id) ?? open : null} room={room} onClose={() => setOpen(null)} />
    </Stack>
  );
}

function VersionsDrawer({ doc, room, onClose }: { doc: RoomDocument | null; room: Room; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const versions = useDocumentVersions(doc?.id ?? null);
  return (
    <Drawer opened={!!doc} onClose={onClose} position="right" title={doc ? t('rooms.documents.versionsOf', { name: doc.name }) : ''}>
      {doc && (
        <Stack>
          {room.abilities.write && <UploadButton url={`/api/documents/${doc.id}/versions`} label={t('rooms.documents.newVersion')} testId="upload-version" variant="light" />}
          {(versions.data?.items ?? []).map((v) => (
            <Paper key={v.version} withBorder p="sm" data-testid="document-version">
              <Group justify="space-between">
                <Text fw={600} fz="sm">v{v.version}</Text>
                <Button size="xs" variant="subtle" component="a" href={`/api/documents/${doc.id}/versions/${v.version}/download`} leftSection={<IconDownload size={14} />}>{t('rooms.documents.download')}</Button>
              </Group>
              <Text fz="xs" c="dimmed">{t('rooms.documents.by', { name: v.uploadedBy?.name ?? t('rooms.unknownUser'), when: new Date(v.createdAt).toLocaleString(i18n.language) })} · {size(v.size)}</Text>
            </Paper>
          ))}
          <Divider label={t('comments.tab')} labelPosition="left" mt="sm" />
          <CommentsPanel recordType="document" recordId={doc.id} />
        </Stack>
      )}
    </Drawer>
  );
}
