import { Anchor, Badge, Box, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { useImports, useUploadImport } from '../../api/imports.ts';
import { useSession } from '../../api/session.tsx';
import type { Import } from '../../api/types.ts';
import { formatNumber, formatRelative } from '../../components/format.ts';
import { notify } from '../../components/notifications.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { errorMessage } from '../../components/query-error.tsx';
import { LIMITS } from '@parley/contracts/limits';
import { DropZone } from './drop-zone.tsx';
import { ImportWizard } from './import-wizard.tsx';

/** The import area: upload a file (/import) or follow one import through the wizard (/import/:id). */
export function ImportPage() {
  return (
    <Routes>
      <Route index element={<ImportStart />} />
      <Route path=":id" element={<ImportWizard />} />
    </Routes>
  );
}

/** The colour of an import's status badge. */
export function statusColor(i: Import): string {
  return { uploaded: 'gray', queued: 'blue', running: 'blue', finished: i.rowsFailed ? 'orange' : 'teal', failed: 'red' }[i.status];
}

function ImportStart() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const upload = useUploadImport();
  const recent = useImports();

  const onFile = async (file: File) => {
    if (file.size > LIMITS.importMaxBytes) {
      notify({ kind: 'error', message: t('import.tooLarge') });
      return;
    }
    try {
      const r = await upload.mutateAsync(file);
      navigate(`/import/${r.id}`);
    } catch (err) {
      notify({ kind: 'error', title: t('import.uploadFailed'), message: errorMessage(err, t) });
    }
  };

  return (
    <Box pb="xl" maw={1040}>
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <Stack px="lg" gap="lg">
        {can('contacts:import') ? (
          <DropZone onFile={(f) => void onFile(f)} busy={upload.isPending} title={t('import.dropTitle')} hint={t('import.dropHint')} accept=".csv,.txt,.tsv,.vcf,.vcard,text/csv,text/vcard" />
        ) : <Text c="dimmed">{t('import.notAllowed')}</Text>}
        {!!recent.data?.length && (
          <Paper withBorder p="lg">
            <Text fw={650} mb="sm">{t('import.recent')}</Text>
            <Table verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('import.file')}</Table.Th>
                  <Table.Th>{t('import.status')}</Table.Th>
                  <Table.Th ta="right">{t('import.created')}</Table.Th>
                  <Table.Th ta="right">{t('import.updated')}</Table.Th>
                  <Table.Th ta="right">{t('import.failed')}</Table.Th>
                  <Table.Th>{t('import.when')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {recent.data.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td><Anchor component={Link} to={`/import/${i.id}`} fz="sm" fw={500}>{i.filename}</Anchor></Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        <Badge variant="light" color={statusColor(i)} style={{ textTransform: 'none' }}>{t(`import.statusName.${i.status}`)}</Badge>
                        {i.dryRun && i.status !== 'uploaded' && <Badge variant="outline" color="gray" style={{ textTransform: 'none' }}>{t('import.dryRun')}</Badge>}
                        {(i.status === 'running' || i.status === 'queued') && <Progress value={i.progress * 100} w={80} size="sm" />}
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(i.rowsCreated)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(i.rowsUpdated)}</Table.Td>
                    <Table.Td ta="right" c={i.rowsFailed ? 'red' : undefined}>{formatNumber(i.rowsFailed)}</Table.Td>
                    <Table.Td><Text fz="sm" c="dimmed">{formatRelative(i.createdAt)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Stack>
    </Box>
  );
}
