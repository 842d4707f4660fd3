/**
 * One absolute http(s) URL, as a field that names a server (Vault's `server`) must hold: cert-manager's Vault issuer
 * sends every signing request there, and the string is written into the Issuer unchanged. Parsed with the WHATWG URL
 * parser (Node's `URL`, what cert-manager's Go `url.Parse` agrees with for these), and refused when it is anything
 * more: whitespace or a line break (a second URL on the next line, `https://vault:8200\nhttps://evil`), user
 * credentials (a token in a definition), a query or a fragment (ignored or misread by the client).
 */
export function serverUrlError(value: string, example = 'https://vault.example.com:8200'): string | undefined {
  const shown = JSON.stringify(value).slice(1, -1).slice(0, 120);
  const notUrl = `"${shown}" is not an http(s) URL such as "${example}"`;
  const refuse = (why: string) => `"${shown}" is not one http(s) URL such as "${example}": it ${why}`;
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return refuse('holds whitespace or a line break');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return notUrl;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') return notUrl;
  if (url.username !== '' || url.password !== '') return refuse('holds credentials (keep them in a Secret)');
  if (url.search !== '' || url.hash !== '') return refuse('has a query or a fragment');
  return undefined;
}
