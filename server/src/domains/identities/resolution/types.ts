/**
 * The shapes of the identity-resolution engine: the record it compares, the settings that say how, the trained
 * model (plain JSON, stored per workspace) and what scoring returns. No database, no other domain.
 */

/** A person or an identity as the engine sees it. Every field but the id may be missing; missing evidence weighs 0. */
export interface IdentityRecord {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  /** Used only when first and last name are both missing: "Anna Müller" → first "Anna", last "Müller". */
  fullName?: string | null;
  emails?: readonly string[] | null;
  /** E-mails the person proved to own (double opt-in, sign-on): the deterministic rule links on these. */
  verifiedEmails?: readonly string[] | null;
  /** Phone numbers in E.164 ("+491711234567"). */
  phones?: readonly string[] | null;
  /** ISO date "1980-04-23" (also read: "19800423"). */
  birthDate?: string | null;
  street?: string | null;
  houseNumber?: string | null;
  postcode?: string | null;
  city?: string | null;
  country?: string | null;
  /** A social handle ("@anna_mueller") and its network ("x", "instagram", …). */
  handle?: string | null;
  network?: string | null;
  /** Sign-on subjects as "issuer|subject": the same subject is the same person. */
  signOnSubjects?: readonly string[] | null;
  /** An identifier the organisation keeps: customer number, national id, membership number. */
  externalId?: string | null;
}

/** The fields the engine can compare, each with fixed comparison levels (comparisons.ts). */
export type ComparisonName =
  | 'firstName' | 'lastName' | 'birthDate' | 'email' | 'phone' | 'identifierName' | 'handle'
  | 'address' | 'street' | 'houseNumber' | 'postcode' | 'city' | 'country' | 'externalId';

/** The keys a blocking rule can combine (blocking.ts). */
export type BlockingKey =
  | 'firstName' | 'lastName' | 'firstNameSound' | 'lastNameSound' | 'firstInitial' | 'firstNameGroup' | 'nameSorted'
  | 'birthDate' | 'birthYear' | 'postcode' | 'city' | 'houseNumber' | 'email' | 'emailLocal' | 'phone'
  | 'externalId' | 'handle' | 'identifierName';

/** Records that agree on every key of a rule are compared. Rules are united; a pair is compared once. */
export type BlockingRule = readonly BlockingKey[];

/** How to compare, block, train and decide. Plain JSON: it is stored with the model. */
export interface ResolutionSettings {
  comparisons: readonly ComparisonName[];
  /** Comparisons whose exact level is weighed by how common the value is (a shared rare surname counts more). */
  termFrequency: readonly ComparisonName[];
  /** Rules that make the candidate pairs to score. */
  blocking: readonly BlockingRule[];
  /** Rules whose pairs train the m probabilities by EM, one session each (the rule's own fields are not trained there). */
  training: readonly BlockingRule[];
  thresholds: {
    /** Pairs at or above this match probability are links and are clustered. */
    match: number;
    /** Pairs at or above this are returned (for review); below it they are dropped. */
    review: number;
  };
  /** Random pairs drawn to estimate u (the chance that two different people agree by accident). */
  uSamplePairs: number;
  em: { maxIterations: number; tolerance: number };
  /** A block (one shared key) with more pairs than this is skipped and counted in the stats: a key nearly everyone has. */
  maxBlockPairs: number;
  seed: number;
}

/** One comparison level of a trained model. */
export interface TrainedLevel {
  label: string;
  /** P(level | same person), estimated by EM. */
  m: number;
  /** P(level | different people), estimated from random pairs. */
  u: number;
}

export interface TrainedComparison {
  name: ComparisonName;
  /** Levels from the strongest agreement down to "else"; a missing value is level 0 and is not listed. */
  levels: TrainedLevel[];
  /** True when an EM session estimated m; false when m is still the starting guess (no training pairs had it). */
  trained: boolean;
}

/** Value counts for the term-frequency adjustment: the share of a value is count / total. */
export interface TermFrequencyTable {
  total: number;
  /** Values seen at least twice; a value missing here was seen at most once. */
  counts: Record<string, number>;
}

/** A trained model, serialisable with JSON.stringify and usable again after JSON.parse. */
export interface TrainedModel {
  version: 1;
  settings: ResolutionSettings;
  /** Prior probability that two random records are the same person. */
  lambda: number;
  comparisons: TrainedComparison[];
  termFrequencies: Partial<Record<ComparisonName, TermFrequencyTable>>;
  training: TrainingReport;
}

export interface TrainingReport {
  records: number;
  uSamplePairs: number;
  sessions: { rule: BlockingRule; pairs: number; patterns: number; iterations: number; lambda: number; converged: boolean }[];
  /** Candidate pairs and patterns the prior was fitted on. */
  candidatePairs: number;
  patterns: number;
}

/** Why a pair scored as it did: one entry per compared field. */
export interface FieldExplanation {
  comparison: ComparisonName;
  level: string;
  /** log2 of the Bayes factor m/u (with the term-frequency adjustment); 0 for a missing value. */
  weight: number;
  bayesFactor: number;
  m: number | null;
  u: number | null;
  /** The part of `weight` that comes from how common the shared value is (0 when not adjusted). */
  termFrequencyWeight: number;
  values: [string, string];
}

export interface PairExplanation {
  probability: number;
  /** log2 odds: prior weight plus the field weights. */
  matchWeight: number;
  priorWeight: number;
  fields: FieldExplanation[];
}

/** A scored pair of record ids. `rule` is set when a deterministic rule linked it (probability 1). */
export interface ScoredPair {
  a: string;
  b: string;
  probability: number;
  matchWeight: number;
  /** The level label per compared field, e.g. { lastName: 'umlaut fold', birthDate: 'day/month swapped' }. */
  levels: Partial<Record<ComparisonName, string>>;
  rule?: DeterministicRule;
}

export type DeterministicRule = 'verifiedEmail' | 'phone' | 'signOnSubject';

export interface DeterministicMatch {
  a: string;
  b: string;
  rule: DeterministicRule;
  value: string;
}
