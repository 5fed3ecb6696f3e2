/**
 * Who may talk to the browser-mode server. Loopback is not trust: any page in any browser on this machine can reach
 * a loopback port. So every HTTP and WebSocket request must carry the access token (first in the printed URL, then
 * in an HttpOnly SameSite=Strict cookie), the Host header must name this server (no DNS rebinding), and a WebSocket's
 * Origin must be this server's own page.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE } from '../../common/wire';

/** A fresh random token, URL-safe. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return v.join('=');
  }
  return undefined;
}

export function queryToken(req: IncomingMessage): string | undefined {
  return new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? undefined;
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Host names a request may carry in its Host header. Bound to loopback: only loopback names, so a DNS name that
 * resolves to 127.0.0.1 (rebinding) is refused. Bound to another address the machine's names are not known here, so
 * any host is let through to the token check.
 */
export class HostCheck {
  constructor(
    private readonly bindHost: string,
    private port: number,
  ) {}

  setPort(port: number): void {
    this.port = port;
  }

  allowed(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
    if (!m) return false;
    const name = m[1]!.replace(/^\[|\]$/g, '');
    if (Number(m[2] ?? 80) !== this.port) return false;
    return isLoopback(this.bindHost) ? isLoopback(name) : true;
  }

  /** The page's own origin for a request that came in under `hostHeader`. */
  originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
    return origin !== undefined && this.allowed(hostHeader) && origin === `http://${hostHeader}`;
  }
}
