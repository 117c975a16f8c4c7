// The authlens DevTools panel in real headless Firefox ESR: the same suite as panel.test.mjs
// (panel_suite.mjs), the real Firefox toolbox, no mocks. 2,000 streamed requests
// (Chromium: 5,000; Firefox is slower per request with DevTools open) bound the file's CI time.
import { panelSuite } from './panel_suite.mjs';

panelSuite('firefox', { streamRequests: Number(process.env.AUTHLENS_FIREFOX_STREAM_REQUESTS || 2000) });
