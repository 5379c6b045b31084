import { z } from "../../../shared/zod";
import { FacilityIdSchema } from "../../../shared";

const FacilitiesSchema = z.object({
  facilities: z.array(z.object({ id: FacilityIdSchema, name: z.string() })),
});

/** The buildings this hub knows, for the chooser; empty when the hub cannot be reached or answers oddly. */
export async function fetchFacilities(): Promise<{ id: string; name: string }[]> {
  try {
    const res = await fetch("/api/facilities");
    const body = FacilitiesSchema.safeParse(await res.json());
    return res.ok && body.success ? body.data.facilities : [];
  } catch {
    return [];
  }
}
