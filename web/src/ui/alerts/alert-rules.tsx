import { useState } from "react";
import {
  ALERT_RULE_DEFS,
  ALERT_RULES,
  AlertRulesSchema,
  DEFAULT_ALERT_RULES,
  type AlertRules,
  type MutationDraft,
} from "../../../../shared";
import { Disclosure } from "../disclosure";
import { useT } from "../../i18n/i18n";
import { RULE_WORDS } from "./alert-words";
import { PushDevices } from "./push-devices";

/** The facility's alert rules, for supervisors: each one on or off, and after how many minutes. */
export function AlertRulesEditor({
  fid,
  rules,
  send,
}: {
  fid: string;
  rules: AlertRules | undefined;
  send(m: MutationDraft): void;
}) {
  const t = useT();
  const [draft, setDraft] = useState<AlertRules>(() => structuredClone(rules ?? DEFAULT_ALERT_RULES));
  const [error, setError] = useState<string | null>(null);
  return (
    <Disclosure label={t("Alert rules")} className="alert-rules-editor">
      <form
        className="alert-rules"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = AlertRulesSchema.safeParse(draft);
          if (!parsed.success) return setError(t(parsed.error.issues[0]?.message ?? "check the minutes"));
          setError(null);
          send({ type: "facility.setAlertRules", rules: parsed.data });
        }}
      >
        {ALERT_RULES.map((rule) => (
          <fieldset key={rule} className="alert-rule">
            <legend className="sr-only">{t(RULE_WORDS[rule].name)}</legend>
            <label>
              <input
                type="checkbox"
                checked={draft[rule].on}
                onChange={(e) => setDraft({ ...draft, [rule]: { ...draft[rule], on: e.target.checked } })}
              />
              <span>{t(RULE_WORDS[rule].name)}</span>
            </label>
            <label>
              <input
                type="number"
                inputMode="numeric"
                min={ALERT_RULE_DEFS[rule].min}
                max={24 * 60}
                value={draft[rule].minutes}
                disabled={!draft[rule].on}
                onChange={(e) => setDraft({ ...draft, [rule]: { ...draft[rule], minutes: Number(e.target.value) } })}
              />
              <span>{t(RULE_WORDS[rule].minutes)}</span>
            </label>
          </fieldset>
        ))}
        {error ? (
          <p role="alert" className="form-error">
            {error}
          </p>
        ) : null}
        <button type="submit">{t("Save the alert rules")}</button>
      </form>
      <PushDevices fid={fid} />
    </Disclosure>
  );
}
