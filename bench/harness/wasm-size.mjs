// Where the wasm's bytes go: code size per crate/module (from the name section of the wasm that
// cargo writes, before wasm-bindgen strips the names) and the data segments' size.
//   node bench/harness/wasm-size.mjs target/wasm32-unknown-unknown/release/authlens.wasm [--json]
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const bytes = readFileSync(file);
let pos = 8;
const leb = () => {
  let result = 0, shift = 0, byte;
  do {
    byte = bytes[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};
const sections = [];
while (pos < bytes.length) {
  const id = bytes[pos++];
  const len = leb();
  sections.push({ id, start: pos, len });
  pos += len;
}
const section = (id, name) => sections.find((s) => s.id === id && (name === undefined || sectionName(s) === name));
function sectionName(s) {
  if (s.id !== 0) return '';
  pos = s.start;
  const n = leb();
  return bytes.subarray(pos, pos + n).toString();
}

// Imported functions come first in the function index space.
let importedFunctions = 0;
const imports = section(2);
if (imports) {
  pos = imports.start;
  for (let i = leb(); i > 0; i--) {
    for (let k = 0; k < 2; k++) pos += leb(); // module and field names (length then bytes)
    const kind = bytes[pos++];
    if (kind === 0) { leb(); importedFunctions++; } else if (kind === 1) { pos++; const f = leb(); leb(); if (f & 1) leb(); } else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); } else if (kind === 3) { pos += 2; } else { pos++; leb(); }
  }
}
const bodySizes = [];
const code = section(10);
pos = code.start;
for (let i = leb(); i > 0; i--) { const size = leb(); bodySizes.push(size); pos += size; }

const names = new Map();
const nameSection = sections.find((s) => s.id === 0 && sectionName(s) === 'name');
if (nameSection) {
  pos = nameSection.start;
  pos += leb(); // the section name
  while (pos < nameSection.start + nameSection.len) {
    const sub = bytes[pos++];
    const len = leb();
    const end = pos + len;
    if (sub === 1) {
      for (let i = leb(); i > 0; i--) { const idx = leb(); const n = leb(); names.set(idx, bytes.subarray(pos, pos + n).toString()); pos += n; }
    }
    pos = end;
  }
}

/** Rust v0 symbol (`_RNv…Cs<hash>_8authlens4wasm2ui…`) → `authlens::wasm::ui`, or the crate the
 *  path starts in (`serde_json`, `core`, …); non-Rust names (allocator, runtime) → `(runtime)`. */
function group(mangled) {
  if (!mangled) return '(unnamed)';
  if (!mangled.startsWith('_R')) return '(runtime)';
  // A crate root is `C`, an optional disambiguator `s<base62>_`, then `<len><name>`.
  const root = mangled.match(/C(?:s[0-9A-Za-z]*_)?(\d+)/);
  if (!root) return '(runtime)';
  let rest = mangled.slice(root.index + root[0].length);
  const crate = rest.slice(0, Number(root[1]));
  if (crate !== 'authlens') return crate;
  rest = rest.slice(crate.length);
  const path = [crate];
  while (path.length < 3) {
    const m = rest.match(/^(\d+)/);
    if (!m) break;
    const ident = rest.slice(m[0].length, m[0].length + Number(m[1]));
    if (!/^[a-z_][a-z_0-9]*$/.test(ident)) break;
    path.push(ident);
    rest = rest.slice(m[0].length + ident.length);
  }
  return path.join('::');
}
const byGroup = new Map();
bodySizes.forEach((size, i) => {
  const g = group(names.get(i + importedFunctions));
  byGroup.set(g, (byGroup.get(g) ?? 0) + size);
});
const data = section(11);
const rows = [...byGroup.entries()].sort((a, b) => b[1] - a[1]);
const total = bodySizes.reduce((a, b) => a + b, 0);
const result = { file, codeBytes: total, dataBytes: data?.len ?? 0, functions: bodySizes.length, byGroup: Object.fromEntries(rows) };
if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`${file}: code ${total} bytes in ${bodySizes.length} functions, data ${result.dataBytes} bytes`);
  for (const [g, n] of rows.slice(0, 25)) console.log(`${String(n).padStart(9)}  ${(100 * n / total).toFixed(1).padStart(5)}%  ${g}`);
}
