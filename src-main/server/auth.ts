import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SESSION_COOKIE = 'causeway_session';

/** Unused printed addresses and open sessions beyond these are forgotten oldest first. */
const MAX_PENDING_TOKENS = 16;
const MAX_SESSIONS = 64;

const secret = (): string => randomBytes(24).toString('base64url');

/**
 * Jupyter-style access, but each printed token works once: opening the address trades it for a session
 * cookie of its own (HttpOnly), so a token seen later (shell history, a screenshot) opens nothing. Another
 * browser asks the running server for a fresh address (`issueToken`; `npm run serve` prints one on
 * request).
 */
export class ServerAuth {
  private readonly pending: string[] = [];
  private readonly sessions: string[] = [];

  issueToken(): string {
    const t = secret();
    this.pending.push(t);
    if (this.pending.length > MAX_PENDING_TOKENS) this.pending.shift();
    return t;
  }

  /** Spend a token: a Set-Cookie value for a new session, or null when the token is unknown or used. */
  redeem(candidate: string | null | undefined): string | null {
    const at = this.pending.findIndex((t) => safeEqual(candidate, t));
    if (at < 0) return null;
    this.pending.splice(at, 1);
    const session = secret();
    this.sessions.push(session);
    if (this.sessions.length > MAX_SESSIONS) this.sessions.shift();
    return `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`;
  }

  hasSession(req: IncomingMessage): boolean {
    const cookie = readCookie(req, SESSION_COOKIE);
    return this.sessions.some((s) => safeEqual(cookie, s));
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
