import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPrivateAddress } from './private-address.js';
import { pass, refuse, type Verdict } from './verdict.js';

/** URI schemes an image may be referenced by. */
export type ImageUriScheme = 's3' | 'https' | 'file';

/** Which image URIs the gate lets through. */
export interface UriRules {
  readonly allowedSchemes: readonly ImageUriScheme[];
  /** https hosts: exact names or `*.suffix`; `*` allows any public host. Empty allows none. */
  readonly allowedHosts: readonly string[];
  /** s3 buckets; empty allows none. */
  readonly allowedBuckets: readonly string[];
  /** The folder `file://` URIs must stay inside (after `..` resolution); undefined refuses every file URI. */
  readonly fileRoot?: string | undefined;
  /** Lets https URIs name loopback/private addresses (development only). @default false */
  readonly allowPrivateAddresses: boolean;
}

/** A URI that passed the rules, split into what the fetcher needs. */
export type ImageLocation =
  | { readonly scheme: 's3'; readonly uri: string; readonly bucket: string; readonly key: string }
  | { readonly scheme: 'https'; readonly uri: string; readonly url: URL }
  | { readonly scheme: 'file'; readonly uri: string; readonly path: string };

/**
 * Checks an image URI against the scheme, host and bucket allowlists, refuses IP literals of private networks (SSRF)
 * and `file://` paths that resolve outside the allowed root. Host names are resolved and re-checked by the fetcher.
 */
export function checkImageUri(uri: string, rules: UriRules): Verdict<ImageLocation> {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return refuse('INGEST_URI_INVALID', 'image_uri is not an absolute URI');
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!(rules.allowedSchemes as readonly string[]).includes(scheme)) {
    return refuse('INGEST_URI_SCHEME_NOT_ALLOWED', `scheme ${scheme}: is not allowed`);
  }
  if (url.username !== '' || url.password !== '') {
    return refuse('INGEST_URI_INVALID', 'image_uri must not carry credentials');
  }
  if (scheme === 'file') return checkFile(uri, url, rules);
  if (scheme === 's3') {
    if (!rules.allowedBuckets.includes(url.hostname)) {
      return refuse('INGEST_URI_HOST_NOT_ALLOWED', `bucket ${url.hostname} is not allowed`);
    }
    const key = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
    if (key === '' || key.split('/').some((p) => p === '..' || p === '.')) {
      return refuse('INGEST_URI_INVALID', 'the s3 key is empty or has dot segments');
    }
    return pass({ scheme: 's3', uri, bucket: url.hostname, key });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (
    !rules.allowPrivateAddresses &&
    (isPrivateAddress(host) || host === 'localhost' || host.endsWith('.localhost'))
  ) {
    return refuse('INGEST_URI_PRIVATE_ADDRESS', `host ${host} is a private or loopback address`);
  }
  if (!hostAllowed(host, rules.allowedHosts)) {
    return refuse('INGEST_URI_HOST_NOT_ALLOWED', `host ${host} is not allowed`);
  }
  return pass({ scheme: 'https', uri, url });
}

function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const name = host.toLowerCase();
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p === '*') return true;
    if (p.startsWith('*.')) return name.endsWith(p.slice(1));
    return name === p;
  });
}

function checkFile(uri: string, url: URL, rules: UriRules): Verdict<ImageLocation> {
  if (rules.fileRoot === undefined)
    return refuse('INGEST_URI_SCHEME_NOT_ALLOWED', 'file: URIs need a configured root');
  if (url.hostname !== '' && url.hostname !== 'localhost') {
    return refuse('INGEST_URI_HOST_NOT_ALLOWED', `file URI host ${url.hostname} is not local`);
  }
  // The raw text is checked too: WHATWG URL parsing already folds "..", so the resolved path alone would hide the
  // attempt; either way a path must end up inside the root.
  const rawTraversal = /(^|\/)(\.|%2e){2}(\/|$)/i.test(uri.replace(/^file:\/\/[^/]*/i, ''));
  let path: string;
  try {
    path = resolve(fileURLToPath(url));
  } catch {
    return refuse('INGEST_URI_INVALID', 'file URI has an encoded separator or is not absolute');
  }
  const root = resolve(rules.fileRoot);
  if (rawTraversal || !path.startsWith(root + sep)) {
    return refuse('INGEST_URI_PATH_TRAVERSAL', `${path} is outside the allowed root`);
  }
  return pass({ scheme: 'file', uri, path });
}
