// The authlens DevTools panel in real Chromium with DevTools open (the shared suite in
// panel_suite.mjs; panel_firefox.test.mjs runs the same suite in Firefox).
// AUTHLENS_STREAM_REQUESTS raises the streamed count (e.g. past the 10,000-entry store).
import { panelSuite } from './panel_suite.mjs';

panelSuite('chromium', { streamRequests: Number(process.env.AUTHLENS_STREAM_REQUESTS || 5000) });
