import { ALERT_RULE_DEFS, type AlertRule, type AuditEntry } from "../../../shared";
import { RULE_WORDS, alertTitle } from "./alerts/alert-words";
import { t, tx } from "../i18n/i18n";

const ROLE_WORDS: Record<string, string> = {
  crew: tx("crew"),
  supervisor: tx("supervisor"),
  display: tx("wall screen"),
};

/** Who did it, once: "Kim (crew)", "Sam (operator)" (the mark already says it), "The hub" for its own changes. */
export function whoDid(e: Pick<AuditEntry, "actor" | "actorRole">): string {
  if (e.actorRole === "system") return t("The hub");
  if (/\(operator\)$/.test(e.actor)) return e.actor;
  return `${e.actor} (${t(ROLE_WORDS[e.actorRole] ?? e.actorRole)})`;
}

/** A changed field in a supervisor's words, after the person: "marked 128489 late", "moved 128489 from Yard to 200". */
export function whatHappened(e: AuditEntry): string {
  if (e.field.startsWith("alert/") || e.field.startsWith("alert rule/")) return alertHappened(e);
  if (e.door !== "") return doorHappened(e);
  const car = e.carId;
  const yes = e.newValue === "true";
  const added = e.oldValue === null && (e.action === "car.add" || e.action === "fleet.import");
  // Ending a shift or resetting the board clears every car's flags; say why, not just what.
  const why = e.action === "shift.end" ? t("end of shift") : e.action === "fleet.reset" ? t("board reset") : null;
  const v = { car, why, from: e.oldValue ?? "?", to: e.newValue ?? "?" };
  switch (e.field) {
    case "arrived":
      if (added) return t("added {{car}} as arrived", v);
      if (why && !yes) return t("put {{car}} back to pending ({{why}})", v);
      return yes ? t("marked {{car}} arrived", v) : t("marked {{car}} not arrived", v);
    case "late":
      if (e.action === "shift.cutoff") return t("flagged {{car}} late at the cut-off", v);
      if (added) return t("added {{car}} as late", v);
      if (why && !yes) return t("cleared late on {{car}} ({{why}})", v);
      return yes ? t("marked {{car}} late", v) : t("marked {{car}} not late", v);
    case "empty":
      if (added) return t("added {{car}} as empty", v);
      if (why && !yes) return t("cleared empty on {{car}} ({{why}})", v);
      return yes ? t("marked {{car}} empty", v) : t("marked {{car}} not empty", v);
    case "location":
      if (added) return t("added {{car}} at {{to}}", v);
      return t("moved {{car}} from {{from}} to {{to}}", v);
    case "notes":
      return e.newValue ? t("wrote on {{car}}: “{{to}}”", v) : t("cleared the note on {{car}}", v);
    case "car":
      return e.oldValue ? t("removed {{car}} (it stood at {{from}})", v) : t("removed {{car}}", v);
    case "shift":
      return e.oldValue === null
        ? t("started shift {{n}}", { n: shiftNo(e.newValue) })
        : t("ended shift {{n}}", { n: shiftNo(e.newValue) });
    case "locations":
      return t("set the locations to {{list}}", { list: (e.newValue ?? "").split("|").join(", ") });
    case "doors":
      return t("set the dock doors to {{list}}", { list: (e.newValue ?? "").split("|").join(", ") });
  }
  const code = /^(display|crew|supervisor) code$/.exec(e.field);
  if (code) return t("replaced the {{role}} code", { role: t(ROLE_WORDS[code[1]!]!) });
  return t("changed {{field}} of {{car}} from {{from}} to {{to}}", {
    field: e.field,
    car: car || "—",
    from: e.oldValue ?? "—",
    to: e.newValue ?? "—",
  });
}

const ALERT_CHANGED = tx("changed the alert “{{what}}”");
const ALERT_DID: Record<string, string> = {
  raised: tx("raised the alert “{{what}}”"),
  acknowledged: tx("acknowledged the alert “{{what}}”"),
  cleared: tx("cleared the alert “{{what}}”"),
};

/** "raised the alert “car 128489 not empty”", "set the alert “Car arrived but not empty” from 45 min to off". */
function alertHappened(e: AuditEntry): string {
  const slash = e.field.indexOf("/");
  const rule = e.field.slice(slash + 1).split(":")[0]!;
  if (!isRule(rule))
    return t("changed {{field}} from {{from}} to {{to}}", {
      field: e.field,
      from: e.oldValue ?? "—",
      to: e.newValue ?? "—",
    });
  if (e.field.startsWith("alert rule/")) {
    return t("set the alert “{{rule}}” from {{from}} to {{to}}", {
      rule: t(RULE_WORDS[rule].name),
      from: settingWords(e.oldValue),
      to: settingWords(e.newValue),
    });
  }
  const what = alertTitle(rule, { car: e.carId, door: e.door, trailer: e.trailer });
  return t(ALERT_DID[e.newValue ?? ""] ?? ALERT_CHANGED, { what });
}

const isRule = (r: string): r is AlertRule => r in ALERT_RULE_DEFS;

function settingWords(v: string | null): string {
  const m = /^on, (\d+) min$/.exec(v ?? "");
  return m ? t("{{n}} min", { n: Number(m[1]) }) : t("off");
}

const shiftNo = (v: string | null) => (v ?? "").replace(/^\D+/, "#");

const DOOR_STATE_WORDS: Record<string, string> = {
  empty: tx("empty"),
  pending: tx("expecting a trailer"),
  occupied: tx("taken"),
};

/** A door-board row: "moved trailer 53210 from door 12 to door 14", "unloaded 10% more of trailer 53210". */
function doorHappened(e: AuditEntry): string {
  const name = e.field.slice(e.field.indexOf("/") + 1);
  const v = { trailer: e.trailer, door: e.door, from: e.oldValue ?? "?", to: e.newValue ?? "?" };
  switch (name) {
    case "trailer":
      return t("docked trailer {{trailer}} at door {{door}}", v);
    case "origin":
      return t("noted trailer {{trailer}} came from {{to}}", v);
    case "initial":
      if (e.oldValue === null) return t("docked trailer {{trailer}} {{to}} full", v);
      return t("corrected how full trailer {{trailer}} was: {{from}} → {{to}}", v);
    case "left": {
      const before = parseInt(e.oldValue ?? "", 10);
      const after = parseInt(e.newValue ?? "", 10);
      if (after < before)
        return t("unloaded {{n}}% more of trailer {{trailer}} ({{to}} left)", { ...v, n: before - after });
      return t("set trailer {{trailer}} to {{to}} left", v);
    }
    case "status":
      switch (e.newValue) {
        case "unloading":
          return t("started unloading trailer {{trailer}} at door {{door}}", v);
        case "completed":
          return t("finished unloading trailer {{trailer}} at door {{door}}", v);
        case "departed":
          return t("pulled trailer {{trailer}} from door {{door}}", v);
      }
      return t("set trailer {{trailer}} to {{to}}", v);
    case "door":
      return t("moved trailer {{trailer}} from door {{from}} to door {{to}}", v);
    case "note":
      return t("wrote on trailer {{trailer}}: “{{to}}”", v);
    case "state":
      return t("set door {{door}} to {{state}}", { ...v, state: t(DOOR_STATE_WORDS[e.newValue ?? ""] ?? v.to) });
  }
  return t("changed {{field}} at door {{door}} from {{from}} to {{to}}", { ...v, field: name });
}
