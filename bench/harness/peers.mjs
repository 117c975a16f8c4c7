// The npm tools authlens is compared with (versions pinned in bench/package.json). Node imports
// this file directly; the Chromium run loads an esbuild bundle of it.
import * as authHeader from 'auth-header';
import * as httpAuthUtils from 'http-auth-utils';
import wwwAuthenticate from 'www-authenticate';
import { jwtDecode } from 'jwt-decode';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { lintSource } from '@secretlint/core';
import { creator as secretlintPreset } from '@secretlint/secretlint-rule-preset-recommend';

export const peers = {
  'auth-header': { parse: authHeader.parse },
  'http-auth-utils': { parseWWWAuthenticateHeader: httpAuthUtils.parseWWWAuthenticateHeader, parseAuthorizationHeader: httpAuthUtils.parseAuthorizationHeader },
  'www-authenticate': { parsers: wwwAuthenticate.parsers },
  'jwt-decode': { jwtDecode },
  jose: { decodeJwt, decodeProtectedHeader },
  secretlint: { lintSource, preset: secretlintPreset },
};
