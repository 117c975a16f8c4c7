// The authlens DevTools panel in real Chromium with DevTools open (the shared suite in
// panel_suite.mjs; panel_firefox.test.mjs runs the same suite in Firefox).
// 12,000 streamed requests pass the 10,000-entry store, so every push past it evicts the oldest
// row: the bound and the list's removal of rows are tested in a real browser (about 90 s).
// AUTHLENS_STREAM_REQUESTS changes the count (bench/panel-stream.json records a 50,000 run).
import { panelSuite } from './panel_suite.mjs';

panelSuite('chromium', { streamRequests: Number(process.env.AUTHLENS_STREAM_REQUESTS || 12000) });
