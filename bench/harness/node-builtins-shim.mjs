// Browser stand-ins for the node built-ins the header peers pull in. `crypto`: www-authenticate
// creates an MD5 hasher when it loads and both it and http-auth-utils hash only to *build* Digest
// responses, which parsing never does, so the stand-in hasher fails loudly if ever used. `os`:
// only `os.EOL`, used by http-auth-utils' error class (yerror) when it joins stacks.
function createHash(algorithm) {
  const unavailable = () => {
    throw new Error(`node crypto (${algorithm}) is not available in the browser bench`);
  };
  return { update: unavailable, digest: unavailable };
}
export const EOL = '\n';
export { createHash };
export default { EOL, createHash };
