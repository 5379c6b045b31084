import { desc, gte, sql } from "drizzle-orm";
import type { ClientErrorGroup, ClientErrorReport, UsageDay } from "../../shared/ops";
import type { D1Db } from "./d1-audit";
import { clientErrors, usageDaily } from "./d1-schema";

/** D1 allows 100 bound parameters a statement; a usage row binds 10. */
const USAGE_ROWS_PER_INSERT = 9;
/** Buildings listed on one error group, so one row stays small whatever the fleet. */
const ERROR_FACILITIES_MAX = 20;

/** Whole days, each replacing the stored one. */
export async function saveUsage(db: D1Db, rows: UsageDay[]): Promise<void> {
  const updatedAt = new Date().toISOString();
  const values = rows.map(({ facility, ...r }) => ({ facilityId: facility, ...r, updatedAt }));
  for (let i = 0; i < values.length; i += USAGE_ROWS_PER_INSERT) {
    await db
      .insert(usageDaily)
      .values(values.slice(i, i + USAGE_ROWS_PER_INSERT))
      .onConflictDoUpdate({
        target: [usageDaily.facilityId, usageDaily.day],
        set: {
          taps: sql`excluded.taps`,
          people: sql`excluded.people`,
          scans: sql`excluded.scans`,
          imports: sql`excluded.imports`,
          alerts: sql`excluded.alerts`,
          byType: sql`excluded.by_type`,
          byRole: sql`excluded.by_role`,
          updatedAt: sql`excluded.updated_at`,
        },
      })
      .run();
  }
}

/** Every building's days from `fromDay` (inclusive), oldest first. */
export async function usageSince(db: D1Db, fromDay: string): Promise<UsageDay[]> {
  const rows = await db
    .select()
    .from(usageDaily)
    .where(gte(usageDaily.day, fromDay))
    .orderBy(usageDaily.day, usageDaily.facilityId)
    .all();
  return rows.map(({ facilityId, updatedAt: _u, ...r }) => ({ facility: facilityId, ...r }));
}

/** Counts a report into its group (message and build), keeping the newest stack and page. */
export async function recordClientError(db: D1Db, report: ClientErrorReport, facility: string): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insert(clientErrors)
    .values({
      message: report.message,
      build: report.build,
      count: 1,
      facilities: [facility],
      firstSeen: now,
      lastSeen: now,
      url: report.url,
      stack: report.stack ?? null,
    })
    .onConflictDoUpdate({
      target: [clientErrors.message, clientErrors.build],
      set: {
        count: sql`${clientErrors.count} + 1`,
        lastSeen: now,
        url: report.url,
        stack: report.stack ?? null,
        // The building joins the group's list once, and the list stops growing at its cap.
        facilities: sql`CASE WHEN EXISTS (SELECT 1 FROM json_each(${clientErrors.facilities}) WHERE value = ${facility})
          OR json_array_length(${clientErrors.facilities}) >= ${ERROR_FACILITIES_MAX}
          THEN ${clientErrors.facilities} ELSE json_insert(${clientErrors.facilities}, '$[#]', ${facility}) END`,
      },
    })
    .run();
}

export async function listClientErrors(db: D1Db, limit = 200): Promise<ClientErrorGroup[]> {
  return db.select().from(clientErrors).orderBy(desc(clientErrors.lastSeen)).limit(limit).all();
}
