// HAR on the command line: `authlens check --json FILE` vs Debian `jq` selecting the 401 entries,
// wall time and peak RSS from GNU time (`/usr/bin/time -v`), run back to back.
//   node bench/harness/cli.mjs --bin target/release/authlens --corpus DIR --out FILE [--quick]
import { closeSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

import { ratio, summarize } from './measure.mjs';

const args = process.argv.slice(2);
const arg = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const quick = args.includes('--quick');
const bin = resolve(arg('--bin') ?? 'target/release/authlens');
const corpusDir = resolve(arg('--corpus') ?? 'bench/work/corpus');
const runs = quick ? 2 : 5;
const JQ_FILTER = '.log.entries[] | select(.response.status==401)';

/**
 * One run under GNU time: wall seconds, max RSS bytes, and stdout when `keep` is set. Timed runs
 * write stdout to /dev/null, as hyperfine does by default: through a pipe, node's spawnSync reads
 * a tool's output in pipe-sized pieces while the clock runs, which charged authlens (~1 MB of JSON
 * report per 10 MB HAR) ~10 ms that jq (a few 401 lines) did not pay. The output is read from one
 * separate, untimed run.
 */
function timed(cmd, cmdArgs, okStatuses, keep = false) {
  const sink = keep ? null : openSync('/dev/null', 'w');
  const stdio = ['ignore', keep ? 'pipe' : sink, 'pipe'];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...cmdArgs], { encoding: 'utf8', maxBuffer: 1 << 30, stdio });
  const wall = (performance.now() - t0) / 1000;
  if (sink !== null) closeSync(sink);
  if (r.error) throw new Error(`cannot run /usr/bin/time ${cmd}: ${r.error.message}`);
  if (!okStatuses.includes(r.status)) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}: ${r.stderr.slice(-400)}`);
  const field = (re) => { const m = r.stderr.match(re); if (!m) throw new Error(`GNU time printed no ${re}`); return m[1]; };
  const rssKb = Number(field(/Maximum resident set size \(kbytes\): (\d+)/));
  return { wallS: wall, rssBytes: rssKb * 1024, stdout: keep ? r.stdout : null };
}

const manifest = JSON.parse(readFileSync(join(corpusDir, 'manifest.json'), 'utf8'));
const rows = [];
const targets = [];
for (const har of manifest.hars) {
  const file = join(corpusDir, har.file);
  const fileBytes = statSync(file).size;
  const tools = {
    // Exit 1 means "some finding has error severity": expected for a HAR with 401s.
    authlens: (keep) => timed(bin, ['check', '--json', file], [0, 1], keep),
    jq: (keep) => timed('jq', ['-c', JQ_FILTER, file], [0], keep),
  };
  const measured = {};
  for (const [tool, run] of Object.entries(tools)) {
    const first = run(true);
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(run(false));
    const wall = summarize(samples.map((s) => s.wallS));
    const rss = Math.max(...samples.map((s) => s.rssBytes));
    let check = null;
    if (tool === 'jq') check = first.stdout.split('\n').filter(Boolean).length;
    else {
      try { check = JSON.parse(first.stdout) ? 'valid JSON report' : null; } catch { throw new Error('authlens check --json printed invalid JSON'); }
    }
    measured[tool] = { wall, rss };
    rows.push({ task: `CLI ${har.label}`, tool, fileBytes, wallS: wall, peakRssBytes: rss, rssOverFile: rss / fileBytes, output: check });
  }
  const speedup = ratio(measured.jq.wall.median, measured.authlens.wall.median);
  rows.filter((r) => r.task === `CLI ${har.label}` && r.tool === 'jq').forEach((r) => { r.authlensSpeedup = speedup; });
  targets.push({ task: `CLI ${har.label} time`, target: '≥ 5× faster than jq', vs: 'jq', measured: speedup, met: speedup >= 5 });
  const rssRatio = measured.authlens.rss / fileBytes;
  targets.push({ task: `CLI ${har.label} memory`, target: 'peak RSS ≤ 1.5× file size', measured: rssRatio, met: rssRatio <= 1.5, note: 'GNU time max RSS (includes the binary and allocator)' });
}
const jqVersion = spawnSync('jq', ['--version'], { encoding: 'utf8' }).stdout.trim();
const result = { env: 'cli', bin, jq: jqVersion, jqFilter: JQ_FILTER, runs, rows, targets };
const out = arg('--out');
if (out) writeFileSync(out, JSON.stringify(result, null, 2));
else console.log(JSON.stringify(result, null, 2));
