import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "../../drizzle/do/migrations";
import type { RoomDeps } from "../room/facility-room";
import { DoAccessStore } from "./access-store";
import { D1Archive } from "./d1-archive";
import * as schema from "./do-schema";
import { DoStore } from "./do-store";
import { retentionPolicy } from "./retention";
import { DIRECTORY, shardDb } from "./shards";

/** Where this building's audit lives (a D1 binding's name), kept in its own storage from its creation. */
export const SHARD_KEY = "auditShard";

/** A facility's storage as the room needs it: its SQLite (migrated), sync KV, one alarm, and its D1 shard. */
export async function openFacility(
  storage: DurableObjectStorage,
  env: Env,
  name: string,
): Promise<Pick<RoomDeps, "store" | "access" | "archive" | "kv" | "alarm">> {
  const sql = drizzle(storage, { schema });
  await migrate(sql, migrations);
  // Buildings from before shards, and the demo, live in the directory's database.
  const shard = () => {
    const shardName = storage.kv.get<string>(SHARD_KEY) ?? DIRECTORY;
    const db = shardDb(env, shardName);
    // Never written elsewhere: rows in another shard would be lost to the audit view and to retention.
    if (!db) throw new Error(`audit shard ${shardName} is not bound to this Worker`);
    return { name: shardName, db };
  };
  return {
    store: new DoStore(sql, storage),
    access: new DoAccessStore(sql),
    archive: new D1Archive(env.DB, shard, name, { bucket: env.ARCHIVE, policy: retentionPolicy(env) }),
    kv: storage.kv,
    alarm: { get: () => storage.getAlarm(), set: (at) => storage.setAlarm(at) },
  };
}
