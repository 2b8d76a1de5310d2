/**
 * Whether a short link's target stays on this site. The target is read the way a browser
 * will read the `Location` header: as a URL relative to the public URL. Browsers drop tabs
 * and newlines anywhere in a URL, trim leading control characters and spaces, and treat
 * `\` as `/`, so `/<TAB>/evil.example/` becomes `//evil.example/`, another host. Any of
 * those characters is refused outright (a header cannot carry them anyway: a stored one
 * would fail every visit), and what remains must resolve to the public URL's origin.
 */
export function linkTargetProblem(target: string, publicUrl: string): string | undefined {
  // C0 controls, space, DEL, C1 controls and the backslash: each is rewritten by browsers or refused in headers.
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(target)) return 'Must not contain spaces, control characters or backslashes.';
  if (!target.startsWith('/') || target.startsWith('//')) return 'Must be a path on this site, like /invite#token=…';
  let origin: string;
  let resolved: URL;
  try {
    origin = new URL(publicUrl).origin;
    resolved = new URL(target, publicUrl);
  } catch {
    return 'Must be a path on this site, like /invite#token=…';
  }
  if (resolved.origin !== origin) return 'Must lead to this site.';
  return undefined;
}
