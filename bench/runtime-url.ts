// npm run bench (the hub's part): the address of the runtime itself, behind wrangler's dev proxy. Linux only.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import type { DevServer } from "../scripts/dev-server";

/** The runtime that runs our code: where its sockets listen, and the CPU time it has used so far. */
export interface Runtime {
  url: string;
  /** User and system CPU of the whole workerd process (the hub, the floors, local D1), in ms. */
  cpuMs(): number;
}

/** /proc reports a process's CPU in clock ticks of USER_HZ, which Linux fixes at 100 a second. */
const TICK_MS = 10;

function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat: the 12th and 13th after "(comm) ".
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/**
 * `wrangler dev` answers on its port through a proxy worker in a second workerd process, there so it can reload
 * the code under open connections; a deployed Worker has no such hop. That proxy negotiates permessage-deflate
 * with each client on its own and relays every frame, on the same two cores as the hub, so fan-out measured
 * through it is partly the proxy's. This finds the port the runtime that runs our code listens on (the one
 * wrangler's proxy forwards to): the workerd process in the server's group whose loopback listener answers
 * /api/health. Null where /proc cannot tell (not Linux), and the bench then stays on the proxy.
 */
export async function runtimeOf(server: DevServer): Promise<Runtime | null> {
  const group = server.group();
  if (group === null) return null;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  const inodes = new Map<string, number>();
  for (const pid of pids) {
    try {
      // stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const [, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) !== group || !stat.includes("(workerd)")) continue;
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (link.startsWith("socket:[")) inodes.set(link.slice(8, -1), Number(pid));
      }
    } catch {
      // gone, or not ours to read
    }
  }
  const ports: { port: number; pid: number }[] = [];
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const cols = line.trim().split(/\s+/);
    // local address 0100007F:PORT (127.0.0.1), state 0A (listening), inode in column 10.
    if (cols[3] !== "0A" || !cols[1]?.startsWith("0100007F:") || !inodes.has(cols[9] ?? "")) continue;
    const port = parseInt(cols[1].slice(9), 16);
    if (port !== server.port) ports.push({ port, pid: inodes.get(cols[9]!)! });
  }
  for (const { port, pid } of ports) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok && res.headers.get("content-type")?.includes("application/json")) {
        return { url: `http://127.0.0.1:${port}`, cpuMs: () => cpuMsOf(pid) };
      }
    } catch {
      // the inspector, or another of the runtime's own listeners
    }
  }
  return null;
}
