// Voila's page asks the server to shut its kernel down when the tab is closed or reloaded (a
// `beforeunload` beacon carrying the `_xsrf` cookie), but Voila 0.5 never sets that cookie, so the
// server refused the beacon (403) and every visit left a kernel running. A page without the
// cookie gets one here: the double-submit check compares the cookie with the form field, both
// written by this page; another site can neither read nor set it (SameSite=Strict).
// JupyterLab and Voila pages that have the cookie are left alone.

/** Set a random `_xsrf` cookie for this server unless the page has one. Returns true if set. */
export function ensureXsrfCookie(doc = document, random = globalThis.crypto) {
  if (/(^|;\s*)_xsrf=/.test(doc.cookie)) return false;
  const bytes = new Uint8Array(16);
  random.getRandomValues(bytes);
  const token = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  doc.cookie = `_xsrf=${token}; path=/; SameSite=Strict`;
  return true;
}
