import { ROLES, type MutationDraft, type Role } from "../shared";

/** How requests go out: the global fetch, or a Worker test's `SELF.fetch`. */
export type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

/** Signs in as a script does (token in the body, sent back as a Bearer). */
export async function signInToken(
  base: string,
  facility: string,
  code: string,
  name: string,
  fetcher: Fetcher = fetch,
): Promise<string> {
  const res = await fetcher(`${base}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ facility, code, name, bearer: true }),
  });
  const body = (await res.json()) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new Error(`sign-in to ${facility} as ${name}: ${res.status} ${body.error ?? ""}`);
  return body.token;
}

/**
 * A facility's keys for tests, benches and scripts: its three access codes, set
 * once through the operator's ADMIN_CODE, and signed sessions per person.
 */
export class HubKeys {
  #codes: Promise<Record<Role, string>> | null = null;
  #tokens = new Map<string, Promise<string>>();

  constructor(
    readonly base: string,
    readonly adminCode: string,
    readonly facility = "demo",
    readonly fetcher: Fetcher = fetch,
  ) {}

  /** The operator's session here: ADMIN_CODE has no stored hash to check, so the cheapest way in. */
  operatorToken(name = "operator"): Promise<string> {
    return signInToken(this.base, this.facility, this.adminCode, name, this.fetcher);
  }

  codes(): Promise<Record<Role, string>> {
    this.#codes ??= (async () => {
      const operator = await this.operatorToken();
      const out = {} as Record<Role, string>;
      for (const role of ROLES) {
        const res = await this.fetcher(`${this.base}/api/facilities/${this.facility}/codes`, {
          method: "POST",
          headers: { authorization: `Bearer ${operator}`, "content-type": "application/json" },
          body: JSON.stringify({ role }),
        });
        const body = (await res.json()) as { code?: string };
        if (!res.ok || !body.code) throw new Error(`could not set the ${role} code: ${res.status}`);
        out[role] = body.code;
      }
      return out;
    })();
    return this.#codes;
  }

  token(role: Role = "supervisor", name = "script"): Promise<string> {
    const key = `${role}|${name}`;
    let t = this.#tokens.get(key);
    if (!t) {
      t = this.codes().then((c) => signInToken(this.base, this.facility, c[role], name, this.fetcher));
      this.#tokens.set(key, t);
    }
    return t;
  }

  /** GET with a supervisor's session, parsed as JSON. */
  async get<T>(path: string): Promise<T> {
    const res = await this.fetcher(`${this.base}${path}`, {
      headers: { authorization: `Bearer ${await this.token()}` },
    });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    return (await res.json()) as T;
  }
}

/** Posts one mutation (a fresh mutationId is added) to a hub over HTTP, as a script or a poller would. */
export async function postMutation(
  keys: HubKeys,
  mutation: MutationDraft,
  name = "script",
  role: Role = "supervisor",
): Promise<Response> {
  return fetch(`${keys.base}/api/facilities/${keys.facility}/mutations`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await keys.token(role, name)}` },
    body: JSON.stringify({ mutationId: crypto.randomUUID(), ...mutation }),
  });
}
