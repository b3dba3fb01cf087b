import { Alert, Box, Button, Center, Group, Loader, Paper, Stack, Text, Textarea, Title, UnstyledButton } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { answerCsat, useCsatSurvey } from '../../api/replies.ts';
import { errorMessage } from '../../components/query-error.tsx';


/** The customer's public survey page (/csat/<token>): 1–5 and an optional comment, no login. */
export function CsatPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const survey = useCsatSurvey(token);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The page speaks the language the survey was sent in.
  useEffect(() => {
    if (survey.data && i18n.language !== survey.data.language) void i18n.changeLanguage(survey.data.language);
    if (survey.data?.score) setScore((s) => s ?? survey.data!.score);
    if (survey.data?.comment) setComment((c) => c || survey.data!.comment!);
  }, [survey.data, i18n]);

  const submit = async () => {
    if (!score) return;
    setBusy(true);
    setError(null);
    try {
      await answerCsat(token, score, comment);
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'csat_closed' ? t('replies.csatPage.closed') : errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" bg="var(--parley-bg)" p="md">
      <Paper withBorder p="xl" maw={520} w="100%" data-testid="csat-page">
        {survey.isPending ? <Center><Loader size="sm" /></Center> : survey.isError ? (
          <Stack gap="xs"><Title order={3}>{t('replies.csatPage.notFoundTitle')}</Title><Text c="dimmed">{t('replies.csatPage.notFound')}</Text></Stack>
        ) : done ? (
          <Stack gap="xs" data-testid="csat-thanks"><Title order={3}>{t('replies.csatPage.thanksTitle')}</Title><Text c="dimmed">{t('replies.csatPage.thanks', { company: survey.data.company })}</Text></Stack>
        ) : !survey.data.open ? (
          <Stack gap="xs"><Title order={3}>{t('replies.csatPage.thanksTitle')}</Title><Text c="dimmed">{t('replies.csatPage.closed')}</Text></Stack>
        ) : (
          <Stack gap="md">
            <Title order={3}>{t('replies.csatPage.question', { company: survey.data.company })}</Title>
            <Group gap="xs" role="radiogroup" aria-label={t('replies.csatPage.scale')} justify="center">
              {[0, 1, 2, 3, 4].map((i) => (
                <UnstyledButton key={i} role="radio" aria-checked={score === i + 1} aria-label={t('replies.csatPage.scoreLabel', { score: i + 1 })} onClick={() => setScore(i + 1)}
                  data-testid={`csat-score-${i + 1}`}
                  style={{ width: 64, height: 72, borderRadius: 12, textAlign: 'center', border: `2px solid ${score === i + 1 ? 'var(--mantine-color-blue-6)' : 'var(--parley-border)'}`, background: score === i + 1 ? 'var(--mantine-color-blue-0)' : '#fff' }}>
                  <Text fz={26} fw={650} lh={1.4}>{i + 1}</Text>
                  <Box fz={10} c={score !== null && score >= i + 1 ? 'yellow.6' : 'gray.4'}>{'★'.repeat(i + 1)}</Box>
                </UnstyledButton>
              ))}
            </Group>
            <Group justify="space-between"><Text fz="xs" c="dimmed">{t('replies.csatPage.low')}</Text><Text fz="xs" c="dimmed">{t('replies.csatPage.high')}</Text></Group>
            <Textarea label={t('replies.csatPage.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={3} maxLength={2000} data-testid="csat-comment" />
            {error && <Alert color="red" variant="light">{error}</Alert>}
            <Button onClick={() => void submit()} disabled={!score} loading={busy} data-testid="csat-submit">{t('replies.csatPage.submit')}</Button>
            <Text fz="xs" c="dimmed">{t('replies.csatPage.privacy')}</Text>
          </Stack>
        )}
      </Paper>
    </Center>
  );
}
