// Serves a folder on 127.0.0.1 only, with the page's CSP as a header and the right MIME types
// (browsers refuse to stream-compile wasm served as anything but application/wasm).
//   node tools/serve.mjs [DIR=dist/www] [PORT=8080]
// Imported by the e2e tests: `serveDir(dir, port = 0)` resolves to { server, url }.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.md': 'text/markdown; charset=utf-8',
};
export const PAGE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; "
  + "img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function serveDir(dir, port = 0) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path.endsWith('/')) path += 'index.html';
      const file = normalize(join(root, path));
      if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'content-security-policy': PAGE_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () =>
    ok({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] || 'dist/www';
  const port = Number(process.argv[3] || process.env.PORT || 8080);
  const { url } = await serveDir(dir, port);
  console.log(`authlens paste-check page: ${url}  (serving ${dir} on 127.0.0.1 only; Ctrl-C stops)`);
  console.log(`DevTools panel: open chrome://extensions, turn on Developer mode, "Load unpacked" -> ${resolve('dist/extension')}`);
  console.log(`Firefox: about:debugging#/runtime/this-firefox -> "Load Temporary Add-on" -> ${resolve('dist/extension-firefox/manifest.json')}`);
  console.log('Then open DevTools on any page and pick the "authlens" tab.');
}
