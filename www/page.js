// Glue for the paste-check page: loads the wasm UI, registers the offline service worker and
// reads dropped or picked HAR files in chunks (with progress, without freezing the page).
// All analysis and rendering happen in Rust (src/wasm/ui).
import init, { mountPage } from './pkg/authlens.js';

const CHUNK = 4 * 1024 * 1024;

await init();
const ui = mountPage(document.getElementById('authlens-root'));

const fileInput = /** @type {HTMLInputElement} */ (document.getElementById('har-file'));
const dropzone = document.getElementById('dropzone');
const progress = /** @type {HTMLProgressElement} */ (document.getElementById('har-progress'));

// Reads the file in slices so a 50 MB HAR shows progress and the page stays responsive.
async function readFile(file) {
  progress.hidden = false;
  progress.value = 0;
  try {
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
