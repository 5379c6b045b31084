import { count, eq } from "drizzle-orm";
import { d1 } from "./d1-audit";
import { facilitiesD1 } from "./d1-schema";

/** The directory's own binding: it holds the buildings, usage and error reports, and is shard 0. */
export const DIRECTORY = "DB";

/** A binding is a D1 database when it can prepare statements; anything else named in the list is refused. */
function isD1(value: unknown): value is D1Database {
  return typeof value === "object" && value !== null && typeof (value as { prepare?: unknown }).prepare === "function";
}

/** The shards AUDIT_SHARDS names that are bound here, in order; the directory alone when it names none. */
export function shardNames(env: Env): string[] {
  const named = (env.AUDIT_SHARDS ?? DIRECTORY)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bound = named.filter((n) => isD1((env as unknown as Record<string, unknown>)[n]));
  return bound.length > 0 ? bound : [DIRECTORY];
}

export function shardDb(env: Env, name: string): D1Database | null {
  const binding = (env as unknown as Record<string, unknown>)[name];
  return shardNames(env).includes(name) && isD1(binding) ? binding : null;
}

/** Where a new building's audit goes: the shard holding the fewest buildings (the first of them on a tie). */
export async function pickShard(env: Env): Promise<string> {
  const names = shardNames(env);
  const rows = await d1(env.DB)
    .select({ shard: facilitiesD1.shard, n: count() })
    .from(facilitiesD1)
    .groupBy(facilitiesD1.shard)
    .all();
  const held = (name: string) => rows.find((r) => r.shard === name)?.n ?? 0;
  return names.reduce((best, name) => (held(name) < held(best) ? name : best), names[0]!);
}

export async function shardOf(env: Env, fid: string): Promise<string> {
  const row = await d1(env.DB)
    .select({ shard: facilitiesD1.shard })
    .from(facilitiesD1)
    .where(eq(facilitiesD1.id, fid))
    .get();
  return row?.shard ?? DIRECTORY;
}

export interface ShardFigures {
  name: string;
  buildings: number;
  auditRows: number;
  shifts: number;
  bytes: number;
  error?: string;
}

/** Each shard's rows and size (D1's own `size_after`), for the operator; a shard that fails says why. */
export async function shardFigures(env: Env): Promise<ShardFigures[]> {
  const buildings = await d1(env.DB)
    .select({ shard: facilitiesD1.shard, n: count() })
    .from(facilitiesD1)
    .groupBy(facilitiesD1.shard)
    .all();
  return Promise.all(
    shardNames(env).map(async (name): Promise<ShardFigures> => {
      const n = buildings.find((b) => b.shard === name)?.n ?? 0;
      try {
        const db = shardDb(env, name)!;
        const audit = await db.prepare("SELECT count(*) AS n FROM audit_log").run<{ n: number }>();
        const shifts = await db.prepare("SELECT count(*) AS n FROM shifts").first<{ n: number }>();
        const bytes = Number(audit.meta.size_after ?? 0);
        return { name, buildings: n, auditRows: audit.results[0]?.n ?? 0, shifts: shifts?.n ?? 0, bytes };
      } catch (err) {
        return { name, buildings: n, auditRows: 0, shifts: 0, bytes: 0, error: String(err).slice(0, 200) };
      }
    }),
  );
}
