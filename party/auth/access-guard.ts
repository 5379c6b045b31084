import { ErrorCode, ROLES, type CodeStatus, type Role, type SessionClaims } from "../../shared";
import { codeMatches, generateCode, hashCode, normalizeCode, sameSecret, type StoredCode } from "./access-codes";
import { WrongCodeLimiter } from "./wrong-code-limiter";

export interface CodeRow extends StoredCode {
  role: Role;
  gen: number;
  updatedAt: string;
  updatedBy: string;
}

/** What the guard needs from persistence; the Durable Object backs it with its SQLite. */
export interface AccessStore {
  codes(): CodeRow[];
  saveCode(row: CodeRow): void;
  revoke(sid: string, expiresAt: number): void;
  isRevoked(sid: string): boolean;
  pruneRevoked(nowMs: number): void;
}

export type SignInResult =
  | { ok: true; role: Role; gen: number; operator: boolean }
  | { ok: false; reason: "wrong_code" }
  | { ok: false; reason: "rate_limited"; retryAfterMs: number };

export type RotateResult = { ok: true; code: string; gen: number } | { ok: false; message: string };

/**
 * One facility's doors: which code opens which role, whether a signed session is
 * still good (not rotated away, not signed out), and the rotation of codes.
 * Plain class over a store, so it is the same in workerd and in a unit test.
 */
export class AccessGuard {
  #store: AccessStore;
  #adminCode: string | undefined;
  #gens: Map<Role, number> | null = null;
  #failures: WrongCodeLimiter;

  constructor(store: AccessStore, adminCode: string | undefined, now = Date.now()) {
    this.#store = store;
    this.#adminCode = adminCode || undefined;
    this.#failures = new WrongCodeLimiter(now);
  }

  /**
   * Which role a typed code opens. The operator's ADMIN_CODE opens supervisor:
   * the first way into a new facility, and the way back in when its supervisor code is lost.
   */
  async signIn(code: string, client: string, now = Date.now()): Promise<SignInResult> {
    const wait = this.#failures.wait(client, now);
    if (wait !== null) return { ok: false, reason: "rate_limited", retryAfterMs: wait };
    const typed = normalizeCode(code);
    const rows = this.#store.codes();
    // Checked in a fixed order and all of them, so the time taken says nothing about which role matched.
    let found: CodeRow | null = null;
    for (const row of rows) if ((await codeMatches(typed, row)) && !found) found = row;
    if (found) return { ok: true, role: found.role, gen: found.gen, operator: false };
    if (this.#adminCode && (await sameSecret(typed, normalizeCode(this.#adminCode)))) {
      return { ok: true, role: "supervisor", gen: this.genOf("supervisor"), operator: true };
    }
    this.#failures.failed(client, now);
    return { ok: false, reason: "wrong_code" };
  }

  /**
   * A new code for a role; every session opened with the old one ends. The code is shown once and never stored.
   * `record` runs right after the save, in the same synchronous turn, so the Durable Object commits the new
   * code and its audit row together or neither.
   */
  async rotate(
    role: Role,
    chosen: string | undefined,
    by: string,
    record: (gen: number) => void = () => undefined,
    now = new Date(),
  ): Promise<RotateResult> {
    const plain = chosen ?? generateCode();
    const typed = normalizeCode(plain);
    const others = this.#store.codes().filter((r) => r.role !== role);
    for (const other of others) {
      if (await codeMatches(typed, other)) return { ok: false, message: `that code already opens ${other.role}` };
    }
    if (this.#adminCode && (await sameSecret(typed, normalizeCode(this.#adminCode)))) {
      return { ok: false, message: "that code is the operator's; choose another" };
    }
    const gen = this.genOf(role) + 1;
    const hashed = await hashCode(typed);
    this.#store.saveCode({ role, gen, ...hashed, updatedAt: now.toISOString(), updatedBy: by });
    this.#gens = null;
    record(gen);
    return { ok: true, code: plain, gen };
  }

  genOf(role: Role): number {
    if (!this.#gens) this.#gens = new Map(this.#store.codes().map((r) => [r.role, r.gen]));
    return this.#gens.get(role) ?? 0;
  }

  /** Null when a forwarded session may act at this facility, else the refusal. */
  admit(
    claims: SessionClaims | null,
    facilityId: string,
    now = Date.now(),
  ): { code: ErrorCode; message: string } | null {
    if (!claims) return { code: ErrorCode.Unauthorized, message: "no session; sign in first" };
    if (claims.facility !== facilityId) {
      return { code: ErrorCode.Forbidden, message: `this session is for facility ${claims.facility}` };
    }
    const problem = this.problem(claims, now);
    return problem ? { code: ErrorCode.Unauthorized, message: problem } : null;
  }

  /** Null when the session may act, else why not (said to the person, who then signs in again). */
  problem(claims: SessionClaims, now = Date.now()): string | null {
    if (claims.exp <= now) return "session expired; sign in again";
    if (claims.gen !== this.genOf(claims.role)) return `the ${claims.role} code was changed; sign in with the new one`;
    if (this.#store.isRevoked(claims.sid)) return "signed out; sign in again";
    return null;
  }

  revoke(claims: SessionClaims, now = Date.now()): void {
    this.#store.pruneRevoked(now);
    this.#store.revoke(claims.sid, claims.exp);
  }

  statuses(): CodeStatus[] {
    const rows = new Map(this.#store.codes().map((r) => [r.role, r]));
    return ROLES.map((role) => {
      const r = rows.get(role);
      return { role, set: !!r, updatedAt: r?.updatedAt ?? null, updatedBy: r?.updatedBy ?? null };
    });
  }
}
