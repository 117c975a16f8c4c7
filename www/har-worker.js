// The paste-check page's HAR reader, off the main thread: the same wasm as the page, reading the
// file as a stream (never whole) and posting the exchanges in JSON batches while it reads, so
// the page analyses and shows progress as the file goes by.
//   in:  { file: File }
//   out: { type: 'batch', json, bytes, total, entries }   (json: {entryIndexes, exchanges})
//        { type: 'end', json, end }                        (end: {creator, browser, entries, issues})
//        { type: 'error', message }
import init, { HarStream } from './pkg/authlens.js';

const ready = init();

// A batch every ~250 entries or 4 MiB keeps each main-thread slice of analysis short.
const BATCH_ENTRIES = 250;
const BATCH_BYTES = 4 * 1024 * 1024;

self.onmessage = async ({ data }) => {
  const { file } = data;
  let stream;
  try {
    await ready;
    stream = HarStream.collecting();
    const reader = file.stream().getReader();
    let bytes = 0;
    let sentEntries = 0;
    let sentBytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const entries = stream.push(value);
      bytes += value.length;
      if (entries - sentEntries >= BATCH_ENTRIES || bytes - sentBytes >= BATCH_BYTES) {
        self.postMessage({ type: 'batch', json: stream.takeExchangesJson(), bytes, total: file.size, entries });
        sentEntries = entries;
        sentBytes = bytes;
      }
    }
    const end = stream.finish();
    self.postMessage({ type: 'end', json: stream.takeExchangesJson(), end, bytes, total: file.size });
  } catch (e) {
    self.postMessage({ type: 'error', message: e && e.message ? e.message : String(e) });
  } finally {
    if (stream) stream.free();
  }
};
