import { z } from "../zod";
import { AlertRulesSchema } from "./alerts";
import { MutationIdSchema } from "./schemas";

/* The alerts' mutations: a person acknowledges, a supervisor sets the rules, the hub checks them. */

export const AlertAckSchema = z.strictObject({
  type: z.literal("alert.ack"),
  mutationId: MutationIdSchema,
  key: z.string().check(z.minLength(1, "alert key is empty"), z.maxLength(120, "alert key is longer than 120")),
});

export const SetAlertRulesSchema = z.strictObject({
  type: z.literal("facility.setAlertRules"),
  mutationId: MutationIdSchema,
  rules: AlertRulesSchema,
});

/** Sent by the hub's scheduler: raise what now holds, clear what no longer does. No session may send it. */
export const AlertsCheckSchema = z.strictObject({
  type: z.literal("alerts.check"),
  mutationId: MutationIdSchema,
});

export const ALERT_MUTATIONS = [AlertAckSchema, SetAlertRulesSchema, AlertsCheckSchema] as const;
