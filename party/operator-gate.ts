import { DurableObject } from "cloudflare:workers";
import { sameSecret } from "./auth/access-codes";
import { WrongCodeLimiter } from "./auth/wrong-code-limiter";

export type OperatorVerdict =
  | { ok: true }
  | { ok: false; reason: "wrong_code" }
  | { ok: false; reason: "rate_limited"; retryAfterMs: number }
  | { ok: false; reason: "disabled" };

/**
 * The one place the operator's ADMIN_CODE is checked for facility creation, so wrong guesses count together
 * whichever facility id they name (one instance, named "operator"). In memory: an evicted gate starts
 * everyone full again, as the facilities' limiters do.
 */
export class OperatorGate extends DurableObject<Env> {
  #limiter = new WrongCodeLimiter();

  async check(code: string, client: string): Promise<OperatorVerdict> {
    const admin = this.env.ADMIN_CODE;
    if (!admin) return { ok: false, reason: "disabled" };
    const wait = this.#limiter.wait(client);
    if (wait !== null) return { ok: false, reason: "rate_limited", retryAfterMs: wait };
    if (await sameSecret(code, admin)) return { ok: true };
    this.#limiter.failed(client);
    return { ok: false, reason: "wrong_code" };
  }
}
