// Identity resolution (issue 4): quality on the labelled record-linkage sets of ../shared/data beside Splink's
// published figures, and the time of a 100,000 × 100,000 link of synthetic people.
//
// Goals: pairwise F1 ≥ 0.995 on FEBRL4 (link 5,000 × 5,000), ≥ 0.99 on FEBRL3 (dedupe 5,000), ≥ 0.87 on fake_1000
// (dedupe 1,000), at probability 0.5; the 100,000 × 100,000 link (blocking + features + EM + scoring) ≤ 60 s on the
// 2-core machine. The model is trained on each data set itself (u from random pairs, m by EM): no weight is set by hand.
// References in the same run: blocking alone (building the block index and walking the candidate pairs) and a naive
// exact join on first name + last name + date of birth, with its F1.
//
//   npx tsx bench/identity-resolution.ts                 BENCH_IR_N=100000 (records per side of the scale run)
import os from 'node:os';
import { fmt, printTable, RssSampler, mib, saveResult, verdict } from './lib/common.ts';
import { loadFake1000, loadFebrl, pairwiseQuality, truePairCount, type Labelled, type Quality } from './identity-resolution/datasets.ts';
import { syntheticLink } from './identity-resolution/synthetic.ts';
import { candidatePairs } from '../server/src/domains/identities/resolution/blocking.ts';
import { linkTables, resolveCandidates } from '../server/src/domains/identities/resolution/engine.ts';
import { probabilityOf } from '../server/src/domains/identities/resolution/model.ts';
import { nameTokens, normalizeDate, prepareRecords } from '../server/src/domains/identities/resolution/normalize.ts';
import { resolutionSettings } from '../server/src/domains/identities/resolution/settings.ts';
import type { TrainedModel } from '../server/src/domains/identities/resolution/types.ts';
import { hasSharedData } from '../server/src/testing/shared-data.ts';

const N = Number(process.env.BENCH_IR_N ?? 100_000);
const settings = resolutionSettings();

console.log('\n=== Identity resolution (bench/identity-resolution.ts) ===');
console.log(`${new Date().toISOString()}  ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

interface LabelledRun {
  name: string;
  records: number;
  truePairs: number;
  candidates: number;
  blockedTrue: number;
  seconds: number;
  /** Every pair compared: the u sample, the pairs of each EM session and the candidates, per second of the whole run. */
  comparedPerSecond: number;
  at: Quality;
  best: Quality;
  lambda: number;
}

const comparedPairs = (m: TrainedModel) => m.training.uSamplePairs + m.training.sessions.reduce((s, x) => s + x.pairs, 0) + m.training.candidatePairs;

/** Trains and scores one labelled set (right null: dedupe) and measures pairwise quality against its truth. */
function runLabelled(name: string, left: Labelled[], right: Labelled[] | null): LabelledRun {
  const t = performance.now();
  const r = resolveCandidates(left.map((x) => x.record), right?.map((x) => x.record) ?? null, settings);
  const seconds = (performance.now() - t) / 1000;
  const other = right ?? left;
  const isMatch = Uint8Array.from({ length: r.candidates.count }, (_, i) => Number(left[r.candidates.a[i]!]!.entity === other[r.candidates.b[i]!]!.entity));
  const truePairs = truePairCount(left, right ?? undefined);
  const { at, best } = pairwiseQuality(Array.from(r.matchWeight, probabilityOf), isMatch, truePairs, settings.thresholds.match);
  return {
    name, records: left.length + (right?.length ?? 0), truePairs, candidates: r.candidates.count, blockedTrue: isMatch.reduce((s, x) => s + x, 0),
    seconds, comparedPerSecond: comparedPairs(r.model) / seconds, at, best, lambda: r.model.lambda,
  };
}

const SPLINK: Record<string, { at: string; best: string }> = {
  'FEBRL4 link': { at: '0.999', best: '–' },
  'FEBRL3 dedupe': { at: '0.993', best: '–' },
  'fake_1000 dedupe': { at: '0.806', best: '0.862' },
};
const GOAL: Record<string, number> = { 'FEBRL4 link': 0.995, 'FEBRL3 dedupe': 0.99, 'fake_1000 dedupe': 0.87 };

const labelled: LabelledRun[] = [];
if (hasSharedData) {
  labelled.push(runLabelled('FEBRL4 link', loadFebrl('dataset4a.csv'), loadFebrl('dataset4b.csv')));
  labelled.push(runLabelled('FEBRL3 dedupe', loadFebrl('dataset3.csv'), null));
  labelled.push(runLabelled('fake_1000 dedupe', loadFake1000(), null));
  printTable('Quality on labelled data (pairwise; the model trained on each set itself)', [
    'data set', 'records', 'true pairs', 'candidates', 'true in candidates', 'P @0.5', 'R @0.5', 'F1 @0.5', 'Splink F1 @0.5',
    'best threshold', 'F1 best', 'Splink F1 best', 'time s', 'pairs compared/s',
  ], labelled.map((r) => [
    r.name, r.records, r.truePairs, r.candidates, r.blockedTrue, r.at.precision.toFixed(4), r.at.recall.toFixed(4), r.at.f1.toFixed(4),
    SPLINK[r.name]!.at, r.best.threshold.toFixed(3), r.best.f1.toFixed(4), SPLINK[r.name]!.best, r.seconds.toFixed(2), Math.round(r.comparedPerSecond),
  ]));
} else {
  console.log('\n(no ../shared/data: set PARLEY_SHARED_DATA; the labelled data sets were skipped)');
}

// ---- scale: N × N synthetic people ----
let t = performance.now();
const { left, right } = syntheticLink(N);
console.log(`\nsynthetic ${fmt(N)} × ${fmt(N)} records generated in ${((performance.now() - t) / 1000).toFixed(1)} s (not timed below)`);
const leftRecords = left.map((x) => x.record);
const rightRecords = right.map((x) => x.record);
const entity = new Map([...left, ...right].map((x) => [x.record.id, x.entity]));
const truePairs = truePairCount(left, right);

// The machine is shared: wait (at most BENCH_QUIET_WAIT s) for the 1-minute load to fall below BENCH_QUIET_LOAD.
const quietLoad = Number(process.env.BENCH_QUIET_LOAD ?? 1.5);
const quietUntil = Date.now() + Number(process.env.BENCH_QUIET_WAIT ?? 600) * 1000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
while (quietLoad > 0 && os.loadavg()[0]! >= quietLoad && Date.now() < quietUntil) Atomics.wait(sleeper, 0, 0, 5000);
const linkLoad = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`load average before the link: ${linkLoad}`);

const rss = new RssSampler().start();
t = performance.now();
const cpuStart = process.cpuUsage();
const result = linkTables(leftRecords, rightRecords, settings);
const linkSeconds = (performance.now() - t) / 1000;
const cpu = process.cpuUsage(cpuStart);
const linkCpuSeconds = (cpu.user + cpu.system) / 1e6;
const peak = rss.stop();
const { timings } = result.stats;
const scaleQuality = pairwiseQuality(result.pairs.map((p) => p.probability), result.pairs.map((p) => entity.get(p.a) === entity.get(p.b)), truePairs, settings.thresholds.match);

// Reference 1: the block index and the walk over the candidate pairs alone, on already prepared records.
const preparedLeft = prepareRecords(leftRecords);
const preparedRight = prepareRecords(rightRecords);
t = performance.now();
const blockedAgain = candidatePairs(preparedLeft, preparedRight, settings.blocking, settings.maxBlockPairs);
const blockingSeconds = (performance.now() - t) / 1000;

// Reference 2: a naive exact join on first name + last name + date of birth (folded, as typed).
t = performance.now();
const exactKey = (r: (typeof leftRecords)[number]) => {
  const birth = normalizeDate(r.birthDate);
  const first = nameTokens(r.firstName).join(' ');
  const last = nameTokens(r.lastName).join(' ');
  return first && last && birth ? `${first}|${last}|${birth}` : '';
};
const byKey = new Map<string, number[]>();
rightRecords.forEach((r, j) => {
  const k = exactKey(r);
  if (k) byKey.set(k, [...(byKey.get(k) ?? []), j]);
});
let exactTp = 0;
let exactFp = 0;
leftRecords.forEach((r, i) => {
  for (const j of byKey.get(exactKey(r)) ?? []) {
    if (left[i]!.entity === right[j]!.entity) exactTp++;
    else exactFp++;
  }
});
const exactSeconds = (performance.now() - t) / 1000;
const exactPrecision = exactTp / Math.max(1, exactTp + exactFp);
const exactRecall = exactTp / truePairs;
const exactF1 = (2 * exactPrecision * exactRecall) / (exactPrecision + exactRecall);

printTable(`Scale: link ${fmt(N)} × ${fmt(N)} synthetic people (linkTables, end to end)`, ['step', 'seconds'], [
  ['features (normalising, phonetic codes)', (timings.prepare / 1000).toFixed(2)],
  ['training (u from 1M random pairs, m by EM: blocking, comparing, EM of each session)', (timings.training / 1000).toFixed(2)],
  ['blocking (the candidate pairs of the union of the rules)', (timings.blocking / 1000).toFixed(2)],
  ['scoring (comparing the candidates, weights, term frequencies, prior)', (timings.scoring / 1000).toFixed(2)],
  ['total, incl. deterministic rules, pair objects, clusters', linkSeconds.toFixed(2)],
  ['CPU time of the total (user + system, all threads: GC runs beside)', linkCpuSeconds.toFixed(2)],
  ['reference: blocking alone (index + walk), prepared records', blockingSeconds.toFixed(2)],
  ['reference: naive exact join first + last + birth date', exactSeconds.toFixed(2)],
]);
console.log(`candidate pairs ${fmt(result.stats.candidatePairs)} (${fmt(blockedAgain.count)} in the reference walk), patterns ${fmt(result.stats.patterns)}, `
  + `skipped blocks ${result.stats.skippedBlocks}; ${fmt(comparedPairs(result.model))} pairs compared in all (u sample, EM sessions, candidates): `
  + `${fmt(comparedPairs(result.model) / linkSeconds)} pairs/s end to end, ${fmt(result.stats.candidatePairs / linkSeconds)} candidate pairs/s; peak RSS ${fmt(mib(peak))} MiB`);
console.log(`quality: true pairs ${fmt(truePairs)}; @0.5 P ${scaleQuality.at.precision.toFixed(4)} R ${scaleQuality.at.recall.toFixed(4)} F1 ${scaleQuality.at.f1.toFixed(4)}; `
  + `best (threshold ${scaleQuality.best.threshold.toFixed(3)}, among pairs ≥ ${settings.thresholds.review}) F1 ${scaleQuality.best.f1.toFixed(4)}; `
  + `naive exact join P ${exactPrecision.toFixed(4)} R ${exactRecall.toFixed(4)} F1 ${exactF1.toFixed(4)}; clusters ${fmt(result.clusters.length)}`);
console.log(`trained model as JSON: ${fmt(JSON.stringify(result.model).length / 1024)} KiB (term-frequency tables included)`);
console.log('EM sessions:', result.model.training.sessions.map((s) => `${s.rule.join('+')}: ${fmt(s.pairs)} pairs, ${s.iterations} it., λ ${s.lambda.toFixed(3)}`).join('; '));

printTable('SUMMARY identity-resolution.ts', ['figure', 'measured', 'goal', 'verdict', 'reference (same run)'], [
  ...labelled.map((r) => [`${r.name} F1 @0.5 (best)`, `${r.at.f1.toFixed(4)} (${r.best.f1.toFixed(4)})`, `≥ ${GOAL[r.name]}`, verdict(r.at.f1, GOAL[r.name]!, 'min'),
    `Splink ${SPLINK[r.name]!.at}${SPLINK[r.name]!.best === '–' ? '' : ` (best ${SPLINK[r.name]!.best})`}`]),
  [`link ${fmt(N)} × ${fmt(N)} s`, linkSeconds.toFixed(1), '≤ 60', verdict(linkSeconds, 60, 'max'), `blocking alone ${blockingSeconds.toFixed(1)} s; exact join ${exactSeconds.toFixed(1)} s`],
  [`link ${fmt(N)} × ${fmt(N)} F1 @0.5`, scaleQuality.at.f1.toFixed(4), '–', '–', `exact join F1 ${exactF1.toFixed(4)}`],
]);

saveResult('identity-resolution', {
  date: new Date().toISOString(), load: os.loadavg(), labelled, scale: {
    n: N, seconds: linkSeconds, comparedPairs: comparedPairs(result.model), cpuSeconds: linkCpuSeconds, load: linkLoad, modelJsonBytes: JSON.stringify(result.model).length, timings, candidatePairs: result.stats.candidatePairs, patterns: result.stats.patterns, quality: scaleQuality,
    blockingSeconds, exact: { seconds: exactSeconds, precision: exactPrecision, recall: exactRecall, f1: exactF1 }, peakRssMiB: mib(peak),
  },
});
