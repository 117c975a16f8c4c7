// A port, for benchmarking only, of Cloudflare's HAR sanitizer (https://har-sanitizer.pages.dev):
// the default word list, the JWT-signature regex, the three per-word regexes and the mime-type
// content removal of `src/lib/har_sanitize.tsx` in github.com/cloudflare/har-sanitizer at commit
// 2e889e51500c57303b94dce8c055239f9febd598 (Apache License 2.0, © Cloudflare). Only the
// TypeScript types were removed and the `console.log` of the options dropped; the rules and the
// order they run in are unchanged. It is not part of authlens.

const defaultMimeTypesList = ['application/javascript', 'text/javascript'];

const defaultWordList = [
  'Authorization', 'SAMLRequest', 'SAMLResponse', 'access_token', 'appID', 'assertion', 'auth',
  'authenticity_token', 'challenge', 'client_id', 'client_secret', 'code', 'code_challenge',
  'code_verifier', 'email', 'facetID', 'fcParams', 'id_token', 'password', 'refresh_token',
  'serverData', 'shdf', 'state', 'token', 'usg', 'vses2', 'x-client-data',
];

export const defaultScrubItems = [...defaultMimeTypesList, ...defaultWordList];

const defaultRegex = [
  [
    {
      regex: new RegExp('\\b(ey[A-Za-z0-9-_=]+)\\.(ey[A-Za-z0-9-_=]+)\\.[A-Za-z0-9-_.+/=]+\\b', 'g'),
      replacement: '$1.$2.redacted',
    },
  ],
];

function buildRegex(word) {
  return [
    {
      regex: new RegExp(`([\\s";,&?]+${word}=)([\\w+-_/=#|.%&:!*()\`~'"]+?)(&|\\\\",|",|"\\s|"}}|;){1}`, 'g'),
      replacement: `$1[${word} redacted]$3`,
    },
    {
      regex: new RegExp(`("name": "${word}",[\\s\\w+:"-\\%!*()\`~'.,#]*?"value": ")((?:\\\\"|[^"])*?)(")`, 'g'),
      replacement: `$1[${word} redacted]$3`,
    },
    {
      regex: new RegExp(`("value": ")([\\w+-_:&+=#$~/()\\\\.\\,*!|%"\\s;]+)("[,\\s}}]+)([\\s\\w+:"-\\\\%!*\`()~'#.]*"name": "${word}")`, 'g'),
      replacement: `$1[${word} redacted]$3$4`,
    },
  ];
}

function removeContentForMimeTypes(input, scrubList) {
  const harJSON = JSON.parse(input);
  const entries = harJSON.log.entries;
  if (!entries) throw new Error('failed to find entries in HAR file');
  for (const entry of entries) {
    const response = entry.response;
    if (response && scrubList.includes(response.content.mimeType)) {
      response.content.text = `[${response.content.mimeType} redacted]`;
    }
  }
  return JSON.stringify(harJSON, null, 2);
}

/** `sanitize(input, { scrubWords })` as the site runs it with its preselected words
 * (`defaultScrubItems`; upstream's `getScrubWords` returns `options.scrubWords`). */
export function sanitize(input, scrubWords = defaultScrubItems) {
  input = removeContentForMimeTypes(input, defaultMimeTypesList);
  const wordList = scrubWords.filter((val) => input.includes(val));
  const allScrubList = defaultRegex.concat(wordList.map((word) => buildRegex(word)));
  for (const scrubList of allScrubList) {
    for (const scrub of scrubList) input = input.replace(scrub.regex, scrub.replacement);
  }
  return input;
}
