// The subset of the DevTools extension API the glue uses (Chrome `chrome.devtools`, Firefox
// `browser.devtools`), typed from the MDN and Chrome reference pages. Both take callbacks;
// Firefox's also return promises, so every callback result is `void | Promise`.

/** One HAR 1.2 entry as DevTools gives it (plus Chrome's `_` extensions and `getContent`). */
interface DevtoolsHarEntry {
  startedDateTime: string;
  request: { method: string; url: string; headers: { name: string; value: string }[]; postData?: { text?: string } };
  response: {
    status: number;
    statusText: string;
    headers: { name: string; value: string }[];
    redirectURL?: string;
    content?: { size?: number; mimeType?: string; text?: string; encoding?: string };
  };
  time?: number;
  _resourceType?: string;
  _initiator?: { type?: string; url?: string };
  getContent?(callback: (content: string | null, encoding: string | null) => void): void | Promise<unknown>;
  [extension: string]: unknown;
}

interface DevtoolsApi {
  network: {
    getHAR(callback: (har: { entries: DevtoolsHarEntry[] }) => void): void | Promise<{ entries: DevtoolsHarEntry[] }>;
    onRequestFinished: { addListener(listener: (entry: DevtoolsHarEntry) => void): void };
    onNavigated: { addListener(listener: (url: string) => void): void };
  };
  inspectedWindow: {
    /** Chrome: callback(result, exceptionInfo); Firefox: a promise of [result, exceptionInfo]. */
    eval(expression: string, callback?: (result: unknown, exception?: { isError?: boolean; isException?: boolean }) => void): void | Promise<unknown>;
    reload(options?: { ignoreCache?: boolean }): void;
  };
  panels: {
    themeName?: string;
    create(title: string, iconPath: string, pagePath: string, callback?: (panel: unknown) => void): void | Promise<unknown>;
    onThemeChanged?: { addListener(listener: (name: string) => void): void };
  };
}

declare var chrome: { devtools: DevtoolsApi };
declare var browser: { devtools: DevtoolsApi } | undefined;
