// Records a page's traffic as HAR 1.2 from the Chrome DevTools Protocol, the way DevTools' own
// "Export HAR (with sensitive data)" sees it: the headers the network stack really sent and got
// (`*ExtraInfo` events, cookies included), request bodies, response bodies, redirects as entries.

/** Starts recording `page`; `stop()` resolves to the HAR object. */
export async function recordHar(page, { creator = 'authlens oauth recorder' } = {}) {
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable', { maxPostDataSize: 65536 });
  const byId = new Map();
  const earlySent = new Map();
  const entries = [];
  const pendingBodies = [];

  const headerList = (obj) => Object.entries(obj || {}).flatMap(([name, value]) =>
    String(value).split('\n').map((v) => ({ name, value: v })));

  function finish(rec, response, endTimestamp) {
    const req = rec.request;
    const url = new URL(req.url);
    const entry = {
      _ts: rec.timestamp,
      startedDateTime: new Date(rec.wallTime * 1000).toISOString(),
      time: Math.max(0, Math.round((endTimestamp - rec.timestamp) * 1000 * 10) / 10),
      request: {
        method: req.method,
        url: req.url,
        httpVersion: 'HTTP/1.1',
        headers: headerList(rec.sentHeaders || req.headers),
        queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        cookies: [],
        headersSize: -1,
        bodySize: req.postData ? req.postData.length : 0,
        ...(req.postData !== undefined ? { postData: { mimeType: (req.headers['Content-Type'] || req.headers['content-type'] || ''), text: req.postData } } : {}),
      },
      response: {
        status: response ? response.status : 0,
        statusText: response ? response.statusText || '' : '',
        httpVersion: 'HTTP/1.1',
        headers: headerList((rec.receivedHeaders && rec.receivedHeaders.length !== 0 && rec.receivedHeaders) || (response && response.headers)),
        cookies: [],
        content: { size: 0, mimeType: response ? response.mimeType || '' : '' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: 0, receive: 0 },
      _resourceType: rec.type ? rec.type.toLowerCase() : undefined,
    };
    const location = entry.response.headers.find((h) => h.name.toLowerCase() === 'location');
    if (location && entry.response.status >= 300 && entry.response.status < 400) {
      entry.response.redirectURL = new URL(location.value, req.url).href;
    }
    entries.push(entry);
    return entry;
  }

  cdp.on('Network.requestWillBeSent', (e) => {
    const prev = byId.get(e.requestId);
    if (prev && e.redirectResponse) {
      prev.receivedHeaders = prev.receivedHeaders || e.redirectResponse.headers;
      finish(prev, e.redirectResponse, e.timestamp);
    }
    const sentHeaders = earlySent.get(e.requestId);
    earlySent.delete(e.requestId);
    byId.set(e.requestId, { request: e.request, wallTime: e.wallTime, timestamp: e.timestamp, type: e.type, sentHeaders });
  });
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
    const rec = byId.get(e.requestId);
    if (rec && !rec.sentHeaders) rec.sentHeaders = e.headers;
    else earlySent.set(e.requestId, e.headers);
  });
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    const rec = byId.get(e.requestId);
    if (rec) rec.receivedHeaders = e.headers;
  });
  cdp.on('Network.responseReceived', (e) => {
    const rec = byId.get(e.requestId);
    if (rec) rec.response = e.response;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const rec = byId.get(e.requestId);
    if (!rec || !rec.request) return;
    const entry = finish(rec, rec.response, e.timestamp);
    byId.delete(e.requestId);
    pendingBodies.push(cdp.send('Network.getResponseBody', { requestId: e.requestId }).then((b) => {
      if (!b.base64Encoded) {
        entry.response.content.text = b.body;
        entry.response.content.size = b.body.length;
      }
    }, () => {}));
  });
  cdp.on('Network.loadingFailed', (e) => {
    const rec = byId.get(e.requestId);
    if (!rec || !rec.request) return;
    finish(rec, rec.response, e.timestamp);
    byId.delete(e.requestId);
  });

  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 300));
      await Promise.all(pendingBodies);
      await cdp.detach().catch(() => {});
      // Start order by the monotonic clock (wall times of one millisecond tie).
      entries.sort((a, b) => a._ts - b._ts);
      for (const e of entries) delete e._ts;
      return { log: { version: '1.2', creator: { name: creator, version: '1' }, browser: { name: 'Chromium', version: '' }, entries } };
    },
  };
}
