// Redaction benchmark (issue 15): `authlens redact` on a generated HAR, side by side with a port
// of Cloudflare's har-sanitizer rules (cloudflare-har-sanitizer.mjs) on the same file: time,
// peak memory (GNU time's maximum resident set size) and how many planted secrets survive.
//   node bench/redact/run.mjs [--quick] [--mb N] [--bin target/release/authlens] [--md bench/REDACT.md]
//                             [--before OLD_BINARY]
// --before times an older authlens binary too, run for run interleaved with --bin (same load),
// and adds its row to the table.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { generateHar } from './gen-har.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const quick = args.includes('--quick');
const mb = Number(opt('--mb', quick ? 5 : 50));
const runs = quick ? 1 : 3;
const bin = join(root, opt('--bin', quick ? 'target/debug/authlens' : 'target/release/authlens'));
const md = opt('--md', quick ? null : 'bench/REDACT.md');
const dir = join(root, 'target', 'bench-redact');
mkdirSync(dir, { recursive: true });

const { har, secrets, entries } = generateHar(mb);
const input = join(dir, 'in.har');
writeFileSync(input, har);
const bytes = statSync(input).size;
const fileMb = bytes / (1024 * 1024);

/** Runs a command under GNU time; returns seconds (wall), CPU seconds (user + system) and
 *  peak RSS in MiB. */
function timed(cmd, argv) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-400)}`);
  const last = r.stderr.trim().split('\n').pop().split(' ');
  return { seconds: Number(last[0]), cpuSeconds: Number((Number(last[1]) + Number(last[2])).toFixed(2)), rssMiB: Number(last[3]) / 1024, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function survivors(outPath) {
  const text = readFileSync(outPath, 'utf8');
  const runsInOutput = new Set(text.match(/[A-Za-z0-9_-]{20,}/g) ?? []);
  for (const r of [...runsInOutput]) if (r.startsWith('sk-ant-api03-')) runsInOutput.add(r.slice(13));
  const out = {};
  for (const [kind, list] of Object.entries(secrets)) {
    out[kind] = { planted: list.length, survived: list.filter((s) => runsInOutput.has(s)).length };
  }
  return out;
}

// authlens: the CLI, end to end (read, redact, write).
const authlensOut = join(dir, 'authlens.har');
const beforeBin = opt('--before', null);
const beforeOut = join(dir, 'authlens-before.har');
const a = [];
const b = [];
for (let i = 0; i < runs; i++) {
  a.push(timed(bin, ['redact', input, '-o', authlensOut]));
  if (beforeBin) b.push(timed(join(root, beforeBin), ['redact', input, '-o', beforeOut]));
}
const spread = (xs) => ({ min: Math.min(...xs), max: Math.max(...xs) });
const summary = (xs, out) => ({
  seconds: median(xs.map((r) => r.seconds)),
  cpuSeconds: median(xs.map((r) => r.cpuSeconds)),
  runsSeconds: xs.map((r) => r.seconds),
  runsCpuSeconds: xs.map((r) => r.cpuSeconds),
  rssMiB: Math.max(...xs.map((r) => r.rssMiB)),
  survivors: survivors(out),
});
const authlens = summary(a, authlensOut);
const before = beforeBin ? summary(b, beforeOut) : null;
const perMiB = (r) => ({ ...r, msPerMiB: Number(((r.seconds * 1000) / fileMb).toFixed(2)), cpuMsPerMiB: Number(((r.cpuSeconds * 1000) / fileMb).toFixed(2)), rssOverFile: Number((r.rssMiB / fileMb).toFixed(2)) });

// Cloudflare's rules in Node: sanitize() timed in-process, plus the process's peak memory.
const cfOut = join(dir, 'cloudflare.har');
const script = `import { readFileSync, writeFileSync } from 'node:fs';
import { sanitize } from ${JSON.stringify(join(here, 'cloudflare-har-sanitizer.mjs'))};
const input = readFileSync(${JSON.stringify(input)}, 'utf8');
const t0 = performance.now();
const c0 = process.cpuUsage();
const out = sanitize(input);
const cu = process.cpuUsage(c0);
const ms = performance.now() - t0;
writeFileSync(${JSON.stringify(cfOut)}, out);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cu.user + cu.system) / 1000 }));`;
const c = [];
for (let i = 0; i < runs; i++) {
  const r = timed(process.execPath, ['--max-old-space-size=8192', '--input-type=module', '-e', script]);
  const m = JSON.parse(r.stdout);
  c.push({ ...r, ms: m.ms, cpuMs: m.cpuMs });
}
const cloudflare = {
  seconds: median(c.map((r) => r.seconds)),
  sanitizeMs: median(c.map((r) => r.ms)),
  cpuMs: median(c.map((r) => r.cpuMs)),
  runsMs: c.map((r) => Math.round(r.ms)),
  runsCpuMs: c.map((r) => Math.round(r.cpuMs)),
  rssMiB: Math.max(...c.map((r) => r.rssMiB)),
  survivors: survivors(cfOut),
};

const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  loadAverage: os.loadavg().map((x) => Number(x.toFixed(1))),
  quick, binary: bin.replace(root + '/', ''), entries, fileMiB: Number(fileMb.toFixed(1)),
  authlens: perMiB(authlens),
  before: before ? { binary: beforeBin, ...perMiB(before) } : null,
  cloudflare: { ...cloudflare, msPerMiB: Number((cloudflare.sanitizeMs / fileMb).toFixed(2)), cpuMsPerMiB: Number((cloudflare.cpuMs / fileMb).toFixed(2)), rssOverFile: Number((cloudflare.rssMiB / fileMb).toFixed(2)) },
};
const fmt = (s) => Object.entries(s).map(([k, v]) => `${k}: ${v.survived}/${v.planted}`).join('; ');
console.log(`redaction bench: ${entries} entries, ${fileMb.toFixed(1)} MiB, ${quick ? 'quick (debug build)' : 'release build'}`);
console.log(`  authlens redact     ${result.authlens.msPerMiB} ms/MiB wall, ${result.authlens.cpuMsPerMiB} CPU (${authlens.seconds} s wall, whole CLI), peak RSS ${authlens.rssMiB.toFixed(0)} MiB = ${result.authlens.rssOverFile}× file; survived ${fmt(authlens.survivors)}`);
if (before) console.log(`  authlens (before)   ${result.before.msPerMiB} ms/MiB wall, ${result.before.cpuMsPerMiB} CPU (${beforeBin}), peak RSS ${before.rssMiB.toFixed(0)} MiB = ${result.before.rssOverFile}× file; survived ${fmt(before.survivors)}`);
console.log(`  cloudflare (port)   ${result.cloudflare.msPerMiB} ms/MiB wall, ${result.cloudflare.cpuMsPerMiB} CPU (sanitize() only), peak RSS ${cloudflare.rssMiB.toFixed(0)} MiB = ${result.cloudflare.rssOverFile}× file; survived ${fmt(cloudflare.survivors)}`);
writeFileSync(join(dir, 'result.json'), JSON.stringify(result, null, 2));

let failed = false;
const anySurvived = Object.values(authlens.survivors).some((v) => v.survived > 0);
if (anySurvived) { console.error('FAIL: a planted secret survived authlens redact'); failed = true; }
if (!quick) {
  if (result.authlens.rssOverFile > 2) { console.error('FAIL: memory above 2× the file'); failed = true; }
  // CPU time: on a shared machine the wall time measures the other processes too.
  if (result.authlens.cpuMsPerMiB >= 30) { console.error('FAIL: not faster than 30 ms/MB (CPU time)'); failed = true; }
}
if (md) {
  const row = (name, r) => `| ${name} | ${r.cpuMsPerMiB} | ${r.msPerMiB} | ${r.rssMiB.toFixed(0)} MiB (${r.rssOverFile}×) | ${Object.values(r.survivors).map((v) => v.survived).join(' / ')} |`;
  writeFileSync(join(root, md), `# Redaction benchmark

Generated by \`node bench/redact/run.mjs\` (issue 15) on ${result.date.slice(0, 10)}: ${result.machine}.
Input: a generated HAR of ${entries} entries, ${result.fileMiB} MiB (\`bench/redact/gen-har.mjs\`: HTTP/2
lower-case headers, Bearer JWTs, \`x-api-key\` keys, cookies, \`?api_key=\`, OAuth token responses).
authlens is the release CLI end to end (read, redact, write; median of ${runs}); Cloudflare's
har-sanitizer is the port of its rules in \`bench/redact/cloudflare-har-sanitizer.mjs\` (commit
2e889e5, Apache-2.0), timed around its \`sanitize()\` only (median of ${runs}), with the words the site
preselects. Memory is the peak resident set size of the whole process. (The npm package named
\`har-sanitizer\`, 2.0.0, is an unrelated project whose published tarball lacks its \`dist/index.js\`,
so it cannot be run.)

| redactor | CPU ms per MiB | wall ms per MiB | peak memory (× file) | planted secrets surviving: ${Object.keys(secrets).join(' / ')} |
|---|---:|---:|---:|---|
${row('authlens redact', result.authlens)}${before ? `\n${row(`authlens redact, before (\`${beforeBin}\`)`, result.before)}` : ''}
${row('Cloudflare har-sanitizer rules', result.cloudflare)}

CPU time is user + system time (GNU time for the CLI; \`process.cpuUsage()\` around \`sanitize()\`,
GC threads included, for the port). It is the comparison: the wall time also measures whatever
else the shared machine ran. Spread over the ${runs} runs (CPU ms per MiB): authlens
${(() => { const s = spread(authlens.runsCpuSeconds.map((x) => (x * 1000) / fileMb)); return `${s.min.toFixed(1)}–${s.max.toFixed(1)}`; })()} (CPU ${authlens.runsCpuSeconds.join(' s, ')} s; wall ${authlens.runsSeconds.join(' s, ')} s);${before ? `
authlens before ${(() => { const s = spread(before.runsCpuSeconds.map((x) => (x * 1000) / fileMb)); return `${s.min.toFixed(1)}–${s.max.toFixed(1)}`; })()} (CPU ${before.runsCpuSeconds.join(' s, ')} s; wall ${before.runsSeconds.join(' s, ')} s; each of its runs right after one of the current binary's);` : ''}
Cloudflare rules ${(() => { const s = spread(cloudflare.runsCpuMs.map((x) => x / fileMb)); return `${s.min.toFixed(1)}–${s.max.toFixed(1)}`; })()} (CPU ${cloudflare.runsCpuMs.join(' ms, ')} ms; wall ${cloudflare.runsMs.join(' ms, ')} ms).
1-, 5- and 15-minute load average when the run ended: ${result.loadAverage.join(', ')} on ${os.cpus().length} cores
(the machine is shared with other builds, so wall times are upper bounds; both tools ran
one after the other). 30 ms/MB is 31.5 ms/MiB; the bench fails at 30 ms/MiB.

Planted per kind: ${Object.entries(secrets).map(([k, v]) => `${k} ${v.length}`).join(', ')}.
Targets (issue 15): memory ≤ 2× the file, faster than 30 ms/MB, no planted secret survives.
`);
}
process.exit(failed ? 1 : 0);
