// The peers that run in a browser, for the Chromium run (bundled by esbuild in bench/run.sh).
// secretlint is a Node tool (it imports node:fs, node:path, node:os), so it runs only in node.
import * as authHeader from 'auth-header';
import * as httpAuthUtils from 'http-auth-utils';
import wwwAuthenticate from 'www-authenticate';
import { jwtDecode } from 'jwt-decode';
import { decodeJwt, decodeProtectedHeader } from 'jose';

export const peers = {
  'auth-header': { parse: authHeader.parse },
  'http-auth-utils': { parseWWWAuthenticateHeader: httpAuthUtils.parseWWWAuthenticateHeader, parseAuthorizationHeader: httpAuthUtils.parseAuthorizationHeader },
  'www-authenticate': { parsers: wwwAuthenticate.parsers },
  'jwt-decode': { jwtDecode },
  jose: { decodeJwt, decodeProtectedHeader },
};
