import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SESSION_COOKIE = 'causeway_session';

/** Jupyter-style access: a random token in the printed URL, exchanged for an HttpOnly session cookie. */
export class ServerAuth {
  readonly token = randomBytes(24).toString('base64url');
  private readonly session = randomBytes(24).toString('base64url');

  tokenMatches(candidate: string | null | undefined): boolean {
    return safeEqual(candidate, this.token);
  }

  hasSession(req: IncomingMessage): boolean {
    return safeEqual(readCookie(req, SESSION_COOKIE), this.session);
  }

  sessionCookie(): string {
    return `${SESSION_COOKIE}=${this.session}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function safeEqual(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Only this server's own origin may talk to it: the Host header (DNS-rebinding defence) and, for
 * WebSocket upgrades, the Origin header must both name 127.0.0.1 or localhost on our port.
 */
export function isOwnHost(value: string | undefined, port: number): boolean {
  return value === `127.0.0.1:${port}` || value === `localhost:${port}`;
}

export function isOwnOrigin(value: string | undefined, port: number): boolean {
  return value === `http://127.0.0.1:${port}` || value === `http://localhost:${port}`;
}
