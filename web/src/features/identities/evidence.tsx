import { useTranslation } from 'react-i18next';
import { describeEvidence, levelKey, type ExplainedField } from '../records/describe-change.ts';
import { useNetworkLabel } from './network.tsx';

/** The name of a comparison of the resolution engine (lastName → "Last name"). */
export function useComparisonLabel(): (comparison: string) => string {
  const { t } = useTranslation();
  return (c) => t(`identities.comparison.${c}`, { defaultValue: c });
}

/** The words for a comparison level ("jaro-winkler ≥ 0.92" → "very similar"). */
export function useLevelLabel(): (level: string) => string {
  const { t } = useTranslation();
  return (l) => t(`identities.level.${levelKey(l)}`, { defaultValue: l });
}

/** Fields of an explanation as "Last name: exact · Birth date: exact". */
export function useFieldsText(): (fields: ExplainedField[]) => string {
  const comparison = useComparisonLabel();
  const level = useLevelLabel();
  return (fields) => fields.map((f) => `${comparison(f.comparison)}: ${level(f.level)}`).join(' · ');
}

type Described = ReturnType<typeof describeEvidence>;
type Ctx = { by: string; network?: string | null };

/** Puts described evidence (describeEvidence) into words; `by` is who decided, `network` names a sign-on provider. */
export function useEvidenceWords(): (d: Described, ctx: Ctx) => string {
  const { t } = useTranslation();
  const networkLabel = useNetworkLabel();
  const fieldsText = useFieldsText();
  return (d, { by, network }) => {
    const provider = network && network !== 'oidc' ? networkLabel(network) : String(d.values.issuer || networkLabel('oidc'));
    const text = t(`identities.evidence.${d.key}`, { ...d.values, by, provider });
    return d.fields.length ? `${text} — ${fieldsText(d.fields)}` : text;
  };
}

/**
 * The evidence of an identity link in words: "Linked by sign-on (Google, subject …)", "Agent decision by Anna Admin:
 * note", "Probabilistic match 97 % — Last name: exact · Birth date: exact".
 */
export function useEvidenceText(): (link: { method: string; score: number | null; evidence: Record<string, unknown> }, ctx: Ctx) => string {
  const words = useEvidenceWords();
  return (link, ctx) => words(describeEvidence(link), ctx);
}
