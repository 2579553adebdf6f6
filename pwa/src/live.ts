// Live updates: a small graphql-transport-ws client (the protocol of the `graphql-ws` package, as
// async-graphql serves it at /graphql). One socket for the whole app, opened while some screen
// listens and closed a little after the last one stops. The access token goes in `connection_init`
// as {"Authorization": "Bearer …"}. The socket reconnects with back-off (and at once on `online`);
// a screen never waits for it: it loads its data as before, and a live event only makes it reload.
//
//   client → connection_init {payload}          server → connection_ack
//   client → subscribe {id, payload: {query}}   server → next {id, payload} … complete {id} | error {id}
//   client → complete {id} (stop)               either → ping ⇄ pong
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Operation } from './graphql/operations';
import { InboxItemChangedSubscription, MyItemChangedSubscription } from './graphql/operations';
import type { ItemChange, Role } from './graphql/types';

export const LIVE_PROTOCOL = 'graphql-transport-ws';

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped';

export interface LiveDeps {
  /** ws(s)://host/graphql */
  url: () => string;
  /** The access token; `renew` after the server refused the last one. Rejects when the session is gone. */
  token: (renew: boolean) => Promise<string>;
  WebSocket?: { new (url: string, protocols?: string | string[]): WebSocket };
  online?: () => boolean;
  /** Delay before reconnect attempt `n` (1, 2, …). Default: 1 s doubling to 30 s, with jitter. */
  backoff?: (attempt: number) => number;
  /** How long an unused socket stays open (a screen change unsubscribes and subscribes again). */
  lingerMs?: number;
  /** A socket with no `connection_ack` by then is dropped and tried again. */
  ackTimeoutMs?: number;
  /** True when the token was refused for good (the session ended): stop until `reset`. */
  isSessionLost?: (e: unknown) => boolean;
}

interface Sub {
  id: string;
  query: string;
  operationName: string;
  onNext: (data: unknown) => void;
  onResync: (() => void) | undefined;
  /** The server ended it (complete or error): not sent again on this socket. */
  done: boolean;
}

type ServerMessage =
  | { type: 'connection_ack'; payload?: unknown }
  | { type: 'ping'; payload?: unknown }
  | { type: 'pong'; payload?: unknown }
  | { type: 'next'; id: string; payload: { data?: unknown; errors?: unknown[] } }
  | { type: 'error'; id: string; payload: unknown }
  | { type: 'complete'; id: string };

/** Close codes that mean "not signed in" (async-graphql closes a refused `connection_init` with 1002). */
const AUTH_CLOSE_CODES = new Set([1002, 4401, 4403]);

export function defaultBackoff(attempt: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + Math.random() * 0.5));
}

export function liveUrl(loc: { protocol: string; host: string } = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/graphql`;
}

export class LiveClient {
  private ws: WebSocket | null = null;
  private acked = false;
  private readonly subs = new Map<string, Sub>();
  private nextId = 1;
  private attempt = 0;
  private everAcked = false;
  private renew = false;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lingerTimer: ReturnType<typeof setTimeout> | null = null;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  /** A token is being fetched for a new socket. */
  private opening = false;
  private statusValue: LiveStatus = 'idle';
  private readonly statusListeners = new Set<(s: LiveStatus) => void>();

  constructor(private readonly deps: LiveDeps) {
    if (typeof addEventListener === 'function') {
      addEventListener('online', this.onOnline);
      addEventListener('offline', this.onOffline);
    }
  }

  get status(): LiveStatus {
    return this.statusValue;
  }

  onStatus(fn: (s: LiveStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  /**
   * Listens to a subscription. `onNext` gets each event's data; `onResync` is called after the socket
   * came back (events may have been missed meanwhile: reload). Returns the function that stops it.
   */
  subscribe<TData>(
    op: Operation<TData, Record<string, never>>,
    onNext: (data: TData) => void,
    onResync?: () => void,
  ): () => void {
    const sub: Sub = {
      id: String(this.nextId++),
      query: op.query,
      operationName: op.operationName,
      onNext: onNext as (data: unknown) => void,
      onResync,
      done: false,
    };
    this.subs.set(sub.id, sub);
    if (this.lingerTimer) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
    }
    if (this.acked) this.sendSubscribe(sub);
    else this.connect();
    return () => {
      if (!this.subs.delete(sub.id)) return;
      if (this.acked && !sub.done) this.send({ id: sub.id, type: 'complete' });
      if (this.subs.size === 0) this.scheduleLinger();
    };
  }

  /** The account changed or signed out: drop the socket (its user is fixed at `connection_init`). */
  reset(): void {
    this.stopped = false;
    this.renew = false;
    this.attempt = 0;
    this.everAcked = false;
    this.closeSocket();
    if (this.subs.size > 0) this.connect();
    else this.setStatus('idle');
  }

  close(): void {
    this.subs.clear();
    this.closeSocket();
    if (typeof removeEventListener === 'function') {
      removeEventListener('online', this.onOnline);
      removeEventListener('offline', this.onOffline);
    }
  }

  private readonly onOnline = () => {
    if (this.stopped || this.subs.size === 0) return;
    this.attempt = 0;
    if (!this.ws) {
      this.clearRetry();
      this.connect();
    }
  };

  private readonly onOffline = () => {
    // The socket may look open for a long while after the network went: start over when it returns.
    if (this.ws) {
      this.closeSocket();
      this.setStatus('waiting');
    }
  };

  private isOnline(): boolean {
    return this.deps.online ? this.deps.online() : typeof navigator === 'undefined' || navigator.onLine !== false;
  }

  private connect(): void {
    if (this.ws || this.opening || this.stopped || this.retryTimer || this.subs.size === 0) return;
    const Ws = this.deps.WebSocket ?? (typeof WebSocket !== 'undefined' ? WebSocket : undefined);
    if (!Ws) return;
    if (!this.isOnline()) {
      this.setStatus('waiting');
      return;
    }
    const generation = ++this.generation;
    this.setStatus('connecting');
    const renew = this.renew;
    this.renew = false;
    this.opening = true;
    this.deps.token(renew).then(
      (token) => {
        if (generation !== this.generation) return;
        this.opening = false;
        if (this.ws || this.subs.size === 0) {
          if (this.subs.size === 0) this.setStatus('idle');
          return;
        }
        this.open(Ws, token);
      },
      (e: unknown) => {
        if (generation !== this.generation) return;
        this.opening = false;
        if (this.deps.isSessionLost?.(e)) {
          this.stopped = true;
          this.setStatus('stopped');
          return;
        }
        this.scheduleRetry();
      },
    );
  }

  private open(Ws: NonNullable<LiveDeps['WebSocket']>, token: string): void {
    let ws: WebSocket;
    try {
      ws = new Ws(this.deps.url(), LIVE_PROTOCOL);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    this.acked = false;
    ws.onopen = () => {
      this.send({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } });
    };
    this.ackTimer = setTimeout(() => {
      if (this.ws === ws && !this.acked) ws.close(4408, 'Connection initialisation timeout');
    }, this.deps.ackTimeoutMs ?? 10_000);
    ws.onmessage = (event: MessageEvent) => {
      if (this.ws !== ws) return;
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      this.handle(msg);
    };
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      const wasAcked = this.acked;
      this.dropSocket();
      if (!wasAcked && AUTH_CLOSE_CODES.has(event.code)) this.renew = true;
      if (this.subs.size > 0) this.scheduleRetry();
      else this.setStatus('idle');
    };
  }

  private handle(msg: ServerMessage): void {
    switch (msg.type) {
      case 'connection_ack': {
        this.acked = true;
        this.attempt = 0;
        if (this.ackTimer) clearTimeout(this.ackTimer);
        this.ackTimer = null;
        const again = this.everAcked;
        this.everAcked = true;
        this.setStatus('open');
        for (const sub of this.subs.values()) {
          sub.done = false;
          this.sendSubscribe(sub);
        }
        if (again) for (const sub of [...this.subs.values()]) sub.onResync?.();
        return;
      }
      case 'ping':
        this.send({ type: 'pong' });
        return;
      case 'pong':
        return;
      case 'next': {
        const sub = this.subs.get(msg.id);
        const data = msg.payload?.data;
        if (sub && data != null) sub.onNext(data);
        return;
      }
      case 'error':
      case 'complete': {
        const sub = this.subs.get(msg.id);
        if (sub) sub.done = true;
        return;
      }
    }
  }

  private sendSubscribe(sub: Sub): void {
    this.send({ id: sub.id, type: 'subscribe', payload: { query: sub.query, operationName: sub.operationName } });
  }

  private send(msg: unknown): void {
    if (this.ws && this.ws.readyState === 1) this.ws.send(JSON.stringify(msg));
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    this.attempt++;
    this.setStatus('waiting');
    const delay = (this.deps.backoff ?? defaultBackoff)(this.attempt);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleLinger(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = null;
      if (this.subs.size === 0) {
        this.closeSocket();
        this.setStatus('idle');
      }
    }, this.deps.lingerMs ?? 10_000);
  }

  /** Forgets the socket without closing it (it closed, or is being replaced). */
  private dropSocket(): void {
    const ws = this.ws;
    this.ws = null;
    this.acked = false;
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    if (ws) {
      ws.onopen = null;
      ws.onmessage = null;
      ws.onclose = null;
    }
  }

  private closeSocket(): void {
    this.generation++;
    this.opening = false;
    this.clearRetry();
    const ws = this.ws;
    this.dropSocket();
    try {
      ws?.close(1000, 'Normal Closure');
    } catch {
      // already closing
    }
  }

  private setStatus(s: LiveStatus): void {
    if (s === this.statusValue) return;
    this.statusValue = s;
    for (const fn of this.statusListeners) fn(s);
  }
}

/** The subscription that keeps this role's lists current: filers follow their items, officers the inbox. */
export function liveItemsFor(role: Role): Operation<Record<string, ItemChange>, Record<string, never>> | null {
  switch (role) {
    case 'RESIDENT':
    case 'COMMITTEE':
    case 'PROPERTY':
      return MyItemChangedSubscription as Operation<Record<string, ItemChange>, Record<string, never>>;
    case 'OFFICER':
    case 'SUPERVISOR':
      return InboxItemChangedSubscription as Operation<Record<string, ItemChange>, Record<string, never>>;
    case 'HOUSING':
      return null;
  }
}

/**
 * Calls `onChange` with each item that moved (for this role's subscription), and with null after the
 * socket came back (anything may have moved meanwhile). Events within `debounceMs` are merged.
 */
export function useItemChanges(
  live: LiveClient | null,
  role: Role,
  onChange: (change: ItemChange | null) => void,
  debounceMs = 300,
): LiveStatus {
  const latest = useRef(onChange);
  latest.current = onChange;
  const [status, setStatus] = useState<LiveStatus>(live?.status ?? 'idle');
  useEffect(() => {
    const op = live ? liveItemsFor(role) : null;
    if (!live || !op) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let pending: ItemChange | null | undefined;
    const fire = (change: ItemChange | null) => {
      // Several changes at once: one reload ("null" covers them all).
      pending = pending === undefined ? change : pending && change && pending.id === change.id ? change : null;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const c = pending;
        pending = undefined;
        latest.current(c ?? null);
      }, debounceMs);
    };
    const stop = live.subscribe(
      op,
      (data) => {
        const change = Object.values(data)[0];
        if (change) fire(change);
      },
      () => fire(null),
    );
    setStatus(live.status);
    const stopStatus = live.onStatus(setStatus);
    return () => {
      if (timer) clearTimeout(timer);
      stop();
      stopStatus();
    };
  }, [live, role]);
  return status;
}
