import type { MutationDraft } from "../shared";

/** Posts one mutation (a fresh mutationId is added) to a hub over HTTP, as a script or a poller would. */
export async function postMutation(
  base: string,
  facility: string,
  mutation: MutationDraft,
  name = "script",
): Promise<Response> {
  return fetch(`${base}/api/facilities/${facility}/mutations`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-user-name": name },
    body: JSON.stringify({ mutationId: crypto.randomUUID(), ...mutation }),
  });
}
