import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';

/** The files a pod mounts: its key pair (tls.crt = leaf + intermediates, tls.key) and the CA certificates it trusts. */
export interface TlsIdentity {
  readonly cert: string;
  readonly key: string;
  /** Trusted roots (PEM, one or more certificates). */
  readonly ca: string | readonly string[];
  /**
   * Whether a trusted certificate that is not self-signed (an intermediate) ends a chain, as Java's
   * PKIX trust manager (ModelMesh's netty) and Go's crypto/x509 do; OpenSSL-based runtimes (Python's ssl
   * before 3.13, Node, curl) need the chain to reach a trusted self-signed root.
   * @default false
   */
  readonly trustsIntermediates?: boolean;
}

export interface HandshakeResult {
  readonly ok: boolean;
  /** Why the server refused the client, if it did. */
  readonly serverError?: string;
  /** Why the client refused the server (or saw the connection fail), if it did. */
  readonly clientError?: string;
}

const TIMEOUT_MS = 5000;

/**
 * One mutual TLS handshake on loopback: a `node:tls` server that requires and verifies a client
 * certificate, and a client that presents its own and verifies the server's (including the host
 * name, via `servername` and the default checkServerIdentity). Succeeds only when both sides accept
 * and one application byte arrives, so a TLS 1.3 client certificate rejected after the client's
 * handshake still counts as a failure. The server is closed before this returns.
 */
export async function mutualTlsHandshake(server: TlsIdentity, client: TlsIdentity, servername: string): Promise<HandshakeResult> {
  let serverError: string | undefined;
  const srv = tls.createServer({
    // The server's default context ignores allowPartialTrustChain (Node 20 copies a fixed list of options):
    // every client sends a server name, so its context comes from the SNI callback.
    key: server.key, cert: server.cert, ca: toList(server.ca), SNICallback: (_name, done) => done(null, context(server)), requestCert: true, rejectUnauthorized: true }, (socket) => {
    socket.end('ok');
  });
  // A rejected client certificate only closes the socket ("socket hang up"); the reason is on the socket.
  srv.on('tlsClientError', (err, socket) => { serverError = String(socket.authorizationError ?? err.message); });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  try {
    const clientResult = await new Promise<{ ok: boolean; error?: string }>((resolve) => {
      let received = '';
      const socket = tls.connect({ host: '127.0.0.1', port, servername, secureContext: context(client) });
      const timer = setTimeout(() => { socket.destroy(); resolve({ ok: false, error: 'timeout' }); }, TIMEOUT_MS);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => { received += chunk; });
      socket.on('error', (err) => { clearTimeout(timer); socket.destroy(); resolve({ ok: false, error: err.message }); });
      socket.on('close', () => { clearTimeout(timer); resolve({ ok: received === 'ok' && socket.authorized, error: received === 'ok' ? undefined : 'closed before the server answered' }); });
    });
    return { ok: clientResult.ok && serverError === undefined, serverError, clientError: clientResult.ok ? undefined : clientResult.error };
  } finally {
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}

/** A context with every option of an identity (key pair, trusted certificates, partial chains). */
function context(id: TlsIdentity): tls.SecureContext {
  return tls.createSecureContext({ key: id.key, cert: id.cert, ca: toList(id.ca), allowPartialTrustChain: id.trustsIntermediates ?? false });
}

function toList(ca: string | readonly string[]): string[] {
  return typeof ca === 'string' ? [ca] : [...ca];
}

/**
 * One server-authenticated TLS handshake on loopback (no client certificate), as a caller of a gateway
 * with `SIMPLE` TLS makes it: the client verifies the server's chain against `trusted` and the host name.
 */
export async function serverTlsHandshake(server: { readonly cert: string; readonly key: string }, trusted: string | readonly string[], servername: string): Promise<HandshakeResult> {
  const srv = tls.createServer({ key: server.key, cert: server.cert }, (socket) => { socket.end('ok'); });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  try {
    return await new Promise<HandshakeResult>((resolve) => {
      let received = '';
      const socket = tls.connect({ host: '127.0.0.1', port, servername, ca: toList(trusted) });
      const timer = setTimeout(() => { socket.destroy(); resolve({ ok: false, clientError: 'timeout' }); }, TIMEOUT_MS);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => { received += chunk; });
      socket.on('error', (err) => { clearTimeout(timer); socket.destroy(); resolve({ ok: false, clientError: err.message }); });
      socket.on('close', () => { clearTimeout(timer); resolve(received === 'ok' && socket.authorized ? { ok: true } : { ok: false, clientError: 'closed before the server answered' }); });
    });
  } finally {
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}
