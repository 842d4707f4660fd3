import type { TlsIdentity } from '../devcerts/handshake';
import { mutualTlsHandshake } from '../devcerts/handshake';

/** A pod as a TLS endpoint: the files it loaded when it started, and the name it serves under. */
export interface Pod extends TlsIdentity {
  readonly label: string;
  readonly servername: string;
}

export interface Failure {
  readonly client: string;
  readonly server: string;
  readonly reason: string;
}

/** Every client pod calls every server pod (mutual TLS, both ways round); the failed handshakes. */
export async function handshakeFailures(pods: readonly Pod[]): Promise<Failure[]> {
  const failures: Failure[] = [];
  for (const server of pods) {
    for (const client of pods) {
      const result = await mutualTlsHandshake(server, client, server.servername);
      if (!result.ok) failures.push({ client: client.label, server: server.label, reason: result.serverError ?? result.clientError ?? 'unknown' });
    }
  }
  return failures;
}
