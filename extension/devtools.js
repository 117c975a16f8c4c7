// Runs in the (invisible) devtools_page: only creates the "authlens" panel.
// Firefox also provides the chrome.* namespace for devtools APIs.
const devtools = (globalThis.browser && globalThis.browser.devtools) || globalThis.chrome.devtools;
devtools.panels.create('authlens', 'icons/authlens-128.png', 'panel.html');
