// A vitest reporter that says where a run's time went: per project the files' summed time and the wall time, and the
// slowest files with their phases (import = collecting the file and its imports, hooks+tests = running it).
// `npm test` adds it; by hand: npx vitest run --project api-pglite --reporter=default --reporter=./scripts/vitest-timings.mjs
// VITEST_TIMINGS_TOP=N lists N files per project (default 8); VITEST_TIMINGS_JSON=path also writes every file's figures.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const s = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Reporter: prints the slowest test files per project after the run. */
export default class TimingsReporter {
  onInit(vitest) {
    this.root = vitest.config.root;
    this.started = Date.now();
  }

  onTestRunEnd(testModules) {
    const top = Number(process.env.VITEST_TIMINGS_TOP ?? 8);
    const rows = testModules.map((m) => {
      const d = m.diagnostic();
      const first = Math.min(...m.children.allTests().map((t) => t.diagnostic()?.startTime ?? Infinity));
      return {
        project: m.project.name,
        file: path.relative(this.root, m.moduleId),
        state: m.state(),
        tests: [...m.children.allTests()].length,
        import: Math.round(d.collectDuration),
        setup: Math.round(d.setupDuration + d.environmentSetupDuration + d.prepareDuration),
        run: Math.round(d.duration),
        total: Math.round(d.collectDuration + d.setupDuration + d.environmentSetupDuration + d.prepareDuration + d.duration),
        startedTests: Number.isFinite(first) ? first : null,
      };
    });
    const projects = [...new Set(rows.map((r) => r.project))];
    console.log(`\nWhere the time went (wall ${s(Date.now() - this.started)}):`);
    for (const p of projects) {
      const mine = rows.filter((r) => r.project === p).sort((a, b) => b.total - a.total);
      const sum = mine.reduce((n, r) => n + r.total, 0);
      console.log(`  ${p}: ${mine.length} files, ${s(sum)} summed over files (import ${s(mine.reduce((n, r) => n + r.import, 0))}, hooks+tests ${s(mine.reduce((n, r) => n + r.run, 0))})`);
      for (const r of mine.slice(0, top)) console.log(`    ${s(r.total).padStart(8)}  ${r.file} (${r.tests} tests; import ${s(r.import)}, hooks+tests ${s(r.run)})${r.state === 'failed' ? ' FAILED' : ''}`);
    }
    if (process.env.VITEST_TIMINGS_JSON) writeFileSync(process.env.VITEST_TIMINGS_JSON, JSON.stringify(rows, null, 1));
  }
}
