import { useState } from "react";
import { DoorListSchema, type MutationDraft } from "../../../../shared";
import { Disclosure } from "../disclosure";
import { expand } from "./door-words";
import { useT } from "../../i18n/i18n";

/**
 * The facility's dock doors, for supervisors: the list in display order, as typed ("9-23, North-1" or one by
 * one). A door with a trailer on it cannot be dropped; the hub refuses and the board says which.
 */
export function DoorsEditor({ doors, send }: { doors: readonly string[]; send(m: MutationDraft): void }) {
  const t = useT();
  const [text, setText] = useState(doors.join(", "));
  const [error, setError] = useState<string | null>(null);
  return (
    <Disclosure label={t("Dock doors")} className="doors-editor">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = DoorListSchema.safeParse(expand(text));
          if (!parsed.success) return setError(t(parsed.error.issues[0]?.message ?? "check the doors"));
          setError(null);
          send({ type: "facility.setDoors", doors: parsed.data });
        }}
      >
        <label>
          <span>{t("Doors, in order (a range like 9-23 is fine)")}</span>
          <input value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        {error ? (
          <p role="alert" className="form-error">
            {error}
          </p>
        ) : null}
        <button type="submit">{t("Save the doors")}</button>
      </form>
    </Disclosure>
  );
}
