/**
 * The default settings of the identity resolution: which fields to compare, how to block and train, and the
 * probability thresholds. A workspace may override any part; the settings travel with the trained model.
 */
import type { ResolutionSettings } from './types.ts';

const DEFAULTS: ResolutionSettings = {
  comparisons: [
    'firstName', 'lastName', 'birthDate', 'email', 'phone', 'identifierName', 'handle', 'externalId', 'address',
  ],
  // A shared rare name says more than a shared common one (Splink's term-frequency adjustment).
  termFrequency: ['firstName', 'lastName'],
  blocking: [
    ['emailLocal'],
    ['phone'],
    ['externalId'],
    ['handle'],
    ['lastNameSound', 'firstInitial'],
    ['lastNameSound', 'firstNameGroup'],
    ['lastNameSound', 'city'],
    ['nameSorted'],
    ['birthDate'],
    ['postcode', 'firstInitial'],
    ['firstNameSound', 'birthYear'],
    ['firstNameSound', 'city'],
    ['city', 'birthYear'],
    ['identifierName'],
  ],
  // Each session learns m for the fields its rule does not fix: the birth date teaches names, e-mail and address; the
  // names teach the birth date; a shared e-mail (nearly always one person) teaches everything else when birth dates
  // are rare. Not the postcode: its pairs are full of households (same surname and address, another person), and EM
  // took them for matches that disagree on the first name.
  training: [['birthDate'], ['firstNameSound', 'lastNameSound'], ['email']],
  thresholds: { match: 0.5, review: 0.2 },
  uSamplePairs: 1_000_000,
  em: { maxIterations: 25, tolerance: 1e-4 },
  maxBlockPairs: 1_000_000,
  seed: 1,
};

/** The default settings with `overrides` applied (top-level fields replace, `thresholds` and `em` merge). */
export function resolutionSettings(overrides: Partial<ResolutionSettings> = {}): ResolutionSettings {
  return {
    ...DEFAULTS,
    ...overrides,
    thresholds: { ...DEFAULTS.thresholds, ...overrides.thresholds },
    em: { ...DEFAULTS.em, ...overrides.em },
  };
}
