import type { Actor, Mutation, MutationType } from "../../shared";
import { FacilityHub } from "../hub/facility-hub";
import type { RoomDeps } from "./deps";
import { AuditFlushJob } from "./jobs";
import { facilityModules, ownersOf, snapshotSlices, type RoomModule } from "./modules";
import { PushDevices } from "./push-devices";
import { RetentionJob } from "./retention-job";
import { Scheduler } from "./scheduler";
import type { ConnState } from "./socket";
import type { RoomUsage } from "./usage";

/** What the room is made of besides its sockets: the hub, its modules, and the jobs on the one alarm. */
export interface RoomParts {
  hub: FacilityHub;
  modules: RoomModule[];
  owners: Map<MutationType, RoomModule>;
  scheduler: Scheduler;
  flush: AuditFlushJob;
  pushDevices: PushDevices | null;
  retention: RetentionJob;
}

/** How the modules reach back into the room: a change applied as the hub's own, and sockets to close. */
export interface RoomHooks {
  apply(mutation: Mutation, who: Actor): void;
  closeWhere(match: (s: ConnState) => boolean, why: string): void;
}

/**
 * Builds the room's parts in the order the alarm's ring needs them: the audit flush first, then each module's
 * jobs, then push and retention, which start their work and never wait on it in a ring.
 */
export function wireRoom(deps: RoomDeps, usage: RoomUsage, hooks: RoomHooks): RoomParts {
  const config = deps.config ?? {};
  const scheduler = new Scheduler(deps.alarm, deps.clock);
  const flush = new AuditFlushJob({
    outbox: deps.store,
    archive: deps.archive,
    kv: deps.kv,
    clock: deps.clock,
    delayMs: Number(config.flushDelayMs) || 0,
    usage: { rows: () => usage.dirtyDays(deps.name), written: (rows) => usage.written(rows) },
  });
  scheduler.add(flush);
  const pushDevices = deps.push ? new PushDevices(deps.push, deps.clock) : null;
  const modules = facilityModules({
    kv: deps.kv,
    openShift: () => deps.store.openShift(),
    apply: (m, who) => hooks.apply(m, who),
    view: () => hub.view(),
    clock: deps.clock,
    alertDelayMs: config.alertDelayMs === undefined ? undefined : Number(config.alertDelayMs),
    raised: (alerts) => {
      const f = hub.facility;
      if (f) pushDevices?.alertsRaised(alerts, f);
    },
    closeWhere: (match, why) => hooks.closeWhere(match, why),
  });
  const hub = new FacilityHub(deps.store, snapshotSlices(modules));
  for (const mod of modules) for (const job of mod.jobs ?? []) scheduler.add(job);
  if (pushDevices) {
    scheduler.add(pushDevices.job);
    pushDevices.job.onSettled = () => scheduler.arm();
  }
  const retention = new RetentionJob({ archive: deps.archive, kv: deps.kv, clock: deps.clock, name: deps.name });
  retention.onMoved = () => scheduler.arm();
  scheduler.add(retention);
  return { hub, modules, owners: ownersOf(modules), scheduler, flush, pushDevices, retention };
}
