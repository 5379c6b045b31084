import net from "node:net";

export interface ChaosOptions {
  listenPort: number;
  targetPort: number;
  /** Share of new connections refused at once. */
  refuse: number;
  /** Extra delay per chunk, uniform in [0, maxDelayMs], order kept. */
  maxDelayMs: number;
  /** Each connection is cut after a random time in this range (ms). */
  cutAfterMs: [number, number];
}

/** A loopback TCP proxy that refuses, delays and cuts connections at random. Loopback only. */
export function startChaosProxy(opts: ChaosOptions): {
  stop(): Promise<void>;
  cuts: () => number;
  /** Cuts every open connection now (a Wi-Fi drop); `opts.refuse` may be changed while running. */
  cutAll(): void;
} {
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    if (Math.random() < opts.refuse) {
      client.destroy();
      return;
    }
    const upstream = net.connect(opts.targetPort, "127.0.0.1");
    sockets.add(upstream);
    upstream.on("close", () => (sockets.delete(upstream), client.destroy()));
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    const delayed = (from: net.Socket, to: net.Socket) => {
      let chain = Promise.resolve();
      from.on("data", (chunk) => {
        const wait = Math.random() * opts.maxDelayMs;
        chain = chain
          .then(() => new Promise((r) => setTimeout(r, wait)))
          .then(() => {
            if (!to.destroyed) to.write(chunk);
          });
      });
    };
    delayed(client, upstream);
    delayed(upstream, client);
    const [lo, hi] = opts.cutAfterMs;
    const timer = setTimeout(
      () => {
        cuts++;
        client.destroy();
        upstream.destroy();
      },
      lo + Math.random() * (hi - lo),
    );
    client.on("close", () => clearTimeout(timer));
  });
  server.listen(opts.listenPort, "127.0.0.1");
  return {
    cuts: () => cuts,
    cutAll: () => {
      for (const s of sockets) s.destroy();
    },
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
