/**
 * Browser mode: the built renderer over HTTP and the API contract over a WebSocket, from one TwinscopeService.
 * Every request needs the access token (see access.ts); the first visit trades the URL's token for a cookie and is
 * redirected to a clean URL, so the token does not linger in the address bar or history.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { WS_PATH } from '../../common/wire';
import type { TwinscopeService } from '../app/TwinscopeService';
import { cookieToken, HostCheck, isLoopback, newToken, queryToken, sameToken, tokenCookie } from './access';
import { MAX_CLIENT_MESSAGE, serveSocket } from './socketSession';
import { serveExport } from './exportDownloads';
import { DEFAULT_MAX_UPLOAD_BYTES, IMPORTS_PATH, receiveImport, removeStaleUploads } from './importUploads';
import { securityHeaders, serveStatic } from './staticFiles';

export interface ServerOptions {
  service: TwinscopeService;
  /** Folder of the built renderer (index.html and assets). */
  root: string;
  host?: string;
  port?: number;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** Largest .twinrec an upload may carry (POST /imports), bytes. */
  maxUploadBytes?: number;
}

export class TwinscopeServer {
  readonly token: string;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly hosts: HostCheck;
  private readonly host: string;

  constructor(private readonly options: ServerOptions) {
    this.token = options.token ?? newToken();
    this.host = options.host ?? '127.0.0.1';
    this.hosts = new HostCheck(this.host, options.port ?? 5170);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE });
    this.http = createServer((req, res) => this.request(req, res));
    this.http.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  /** Listens; resolves with the URL to open (token included). */
  async listen(): Promise<string> {
    await removeStaleUploads(this.options.service.database);
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port ?? 5170, this.host, () => resolve());
    });
    const port = (this.http.address() as AddressInfo).port;
    this.hosts.setPort(port);
    const shown = this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host;
    return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/?token=${this.token}`;
  }

  get loopbackOnly(): boolean {
    return isLoopback(this.host);
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private request(req: IncomingMessage, res: ServerResponse): void {
    securityHeaders(res);
    if (!this.hosts.allowed(req.headers.host)) return refuse(res, 421, 'this server does not answer for that host');
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === IMPORTS_PATH) return this.upload(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'only GET (and POST /imports)');
    const fromQuery = queryToken(req);
    if (sameToken(fromQuery, this.token)) {
      url.searchParams.delete('token');
      res.writeHead(303, { 'Set-Cookie': tokenCookie(this.token), Location: url.pathname + url.search });
      res.end();
      return;
    }
    if (!sameToken(cookieToken(req), this.token)) {
      return refuse(res, 401, 'Twinscope needs its access token: open the URL that `twinscope serve` printed.');
    }
    if (serveExport(this.options.service.database, url.pathname, res)) return;
    if (!serveStatic(this.options.root, url.pathname, res)) refuse(res, 404, 'not found');
  }

  /**
   * An upload to import. As for a WebSocket: a browser's request must come from this server's own page (browsers
   * always send Origin on a POST) and carry the cookie; a client that is not a browser sends no Origin and gives the
   * token in the URL.
   */
  private upload(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    const refuseUnread = (status: number, message: string): void => {
      req.resume();
      res.setHeader('Connection', 'close');
      refuse(res, status, message);
    };
    if (origin !== undefined && !this.hosts.originAllowed(origin, req.headers.host))
      return refuseUnread(403, 'uploads are taken only from the Twinscope page itself');
    const token = origin === undefined ? queryToken(req) : (cookieToken(req) ?? queryToken(req));
    if (!sameToken(token, this.token))
      return refuseUnread(401, 'Twinscope needs its access token: open the URL that `twinscope serve` printed.');
    void receiveImport(req, res, {
      dbPath: this.options.service.database,
      maxBytes: this.options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
      dispatch: this.options.service.dispatch,
    });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const reject = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== WS_PATH) return reject('404 Not Found');
    if (!this.hosts.allowed(req.headers.host)) return reject('421 Misdirected Request');
    // Browsers always send Origin on a WebSocket handshake; a page from anywhere else is refused. Clients that are
    // not browsers send none and must then present the token in the URL.
    const origin = req.headers.origin;
    if (origin !== undefined && !this.hosts.originAllowed(origin, req.headers.host)) return reject('403 Forbidden');
    const token = origin === undefined ? queryToken(req) : (cookieToken(req) ?? queryToken(req));
    if (!sameToken(token, this.token)) return reject('401 Unauthorized');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      serveSocket(ws, this.options.service, `browser ${req.socket.remoteAddress ?? ''}`.trim());
    });
  }
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(message + '\n');
}
