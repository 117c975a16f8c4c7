// Glue for the paste-check page: loads the wasm UI, registers the offline service worker and
// reads dropped or picked HAR files in a Web Worker (with progress, without freezing the page).
// All analysis and rendering happen in Rust (src/wasm/ui).
import init, { mountPage } from './pkg/authlens.js';

const CHUNK = 4 * 1024 * 1024;

await init();
const ui = mountPage(document.getElementById('authlens-root'));

const fileInput = /** @type {HTMLInputElement} */ (document.getElementById('har-file'));
const dropzone = document.getElementById('dropzone');
const progress = /** @type {HTMLProgressElement} */ (document.getElementById('har-progress'));

// HARs are read in a Web Worker running the same wasm (www/har-worker.js): it streams the file
// (never whole) and posts the exchanges in batches, which the page analyses one batch per task,
// so the page keeps responding and the progress bar moves. Without module workers or
// `Blob.stream` (old browsers), the file is read here in slices instead.
let worker = null;
function harWorker() {
  if (!worker) worker = new Worker(new URL('har-worker.js', import.meta.url), { type: 'module' });
  return worker;
}

function readInWorker(file) {
  return /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
    const w = harWorker();
    let started = false;
    // Batches are applied in order, each in its own task (the message queue yields between them).
    w.onmessage = ({ data }) => {
      try {
        if (data.type === 'error') {
          if (started) ui.endHar(null);
          ui.showError(`Could not read the HAR file: ${data.message}`);
          resolve();
          return;
        }
        if (!started) {
          ui.beginHar();
          started = true;
        }
        ui.pushHarBatch(data.json);
        progress.value = Math.round((data.bytes * 100) / Math.max(1, data.total));
        if (data.type === 'end') {
          ui.endHar(data.end);
          // "Export redacted HAR" exports the file as dropped: its bytes go to the UI once read.
          file.arrayBuffer().then((buffer) => ui.setHarSource(new Uint8Array(buffer)), () => {}).finally(resolve);
        }
      } catch (e) {
        reject(e);
      }
    };
    w.onerror = (e) => reject(new Error(e.message || 'the HAR worker failed'));
    w.postMessage({ file });
  }));
}

// Reads the file in slices so a 50 MB HAR shows progress and the page stays responsive.
async function readHere(file) {
  const bytes = new Uint8Array(file.size);
  let offset = 0;
  while (offset < file.size) {
    const part = new Uint8Array(await file.slice(offset, offset + CHUNK).arrayBuffer());
    if (part.length === 0) break;
    bytes.set(part, offset);
    offset += part.length;
    progress.value = Math.round((offset * 100) / file.size);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  ui.loadHar(bytes.subarray(0, offset));
}

async function readFile(file) {
  progress.hidden = false;
  progress.value = 0;
  try {
    if (typeof Worker === 'function' && typeof file.stream === 'function') await readInWorker(file);
    else await readHere(file);
  } catch (e) {
    ui.showError(`Could not read the file: ${e && e.message ? e.message : e}`);
  } finally {
    progress.hidden = true;
  }
}

fileInput.addEventListener('change', () => {
  if (fileInput.files && fileInput.files[0]) readFile(fileInput.files[0]);
  fileInput.value = '';
});
dropzone.addEventListener('dragover', (e) => {
  e.preventDefault();
  dropzone.classList.add('dragging');
});
dropzone.addEventListener('dragleave', () => dropzone.classList.remove('dragging'));
dropzone.addEventListener('drop', (e) => {
  e.preventDefault();
  dropzone.classList.remove('dragging');
  const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
  if (file) readFile(file);
});
// A file dropped anywhere else must not navigate away from the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

// Offline support on the web build only (extension pages are packaged, so already offline).
if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.protocol === 'http:')) {
  navigator.serviceWorker.register('sw.js').catch((e) => console.warn('authlens: offline mode unavailable', e));
}
