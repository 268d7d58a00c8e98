/**
 * The page's Content Security Policy: only our own scripts, no remote connections, no plugins.
 * Main sends it as a header; built pages also carry it in a meta tag (which cannot hold
 * frame-ancestors). Not in the dev server, whose React Fast Refresh needs an inline script.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');
