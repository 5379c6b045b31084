import { sameSecret } from "./access-codes";
import { WrongCodeLimiter } from "./wrong-code-limiter";

export type OperatorVerdict =
  | { ok: true }
  | { ok: false; reason: "wrong_code" }
  | { ok: false; reason: "rate_limited"; retryAfterMs: number }
  | { ok: false; reason: "disabled" };

/**
 * The one place the operator's ADMIN_CODE is checked for facility creation, so wrong guesses count together
 * whichever facility id they name (one Durable Object, OperatorGate in worker.ts, named "operator"). In
 * memory: an evicted gate starts everyone full again, as the facilities' limiters do.
 */
export class OperatorCheck {
  #limiter = new WrongCodeLimiter();
  #adminCode: () => string | undefined;

  constructor(adminCode: () => string | undefined) {
    this.#adminCode = adminCode;
  }

  async check(code: string, client: string): Promise<OperatorVerdict> {
    const admin = this.#adminCode();
    if (!admin) return { ok: false, reason: "disabled" };
    const wait = this.#limiter.wait(client);
    if (wait !== null) return { ok: false, reason: "rate_limited", retryAfterMs: wait };
    if (await sameSecret(code, admin)) return { ok: true };
    this.#limiter.failed(client);
    return { ok: false, reason: "wrong_code" };
  }
}
