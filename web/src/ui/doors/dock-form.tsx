import { useEffect, useRef, useState } from "react";
import { OriginSchema, TrailerSchema } from "../../../../shared";
import { useT } from "../../i18n/i18n";

const FULL = [100, 75, 50, 25] as const;

interface Props {
  door: string;
  onDock(trailer: string, origin: string, initialPercent: number): void;
  onCancel(): void;
}

/**
 * Docking a trailer: its number from the hardware scanner (which types it and Enter into the focused field)
 * or typed, and how full it is, chosen on purpose: no default, so a blank never becomes 100%.
 */
export function DockForm({ door, onDock, onCancel }: Props) {
  const t = useT();
  const [trailer, setTrailer] = useState("");
  const [origin, setOrigin] = useState("");
  const [full, setFull] = useState<number | null>(null);
  const [other, setOther] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const percent = other.trim() !== "" ? Number(other) : full;
  const submit = () => {
    const tr = TrailerSchema.safeParse(trailer);
    if (!tr.success) return setError(t(tr.error.issues[0]?.message ?? "check the trailer number"));
    const o = OriginSchema.safeParse(origin);
    if (!o.success) return setError(t(o.error.issues[0]?.message ?? "check the origin"));
    if (percent === null || !Number.isInteger(percent) || percent < 0 || percent > 100) {
      return setError(t("say how full the trailer is: a whole number from 0 to 100"));
    }
    onDock(tr.data, o.data, percent);
  };

  return (
    <form
      className="dock-form"
      aria-label={t("Dock a trailer at door {{door}}", { door })}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label>
        <span>{t("Trailer number")}</span>
        <input
          ref={input}
          value={trailer}
          autoCapitalize="characters"
          autoComplete="off"
          onChange={(e) => (setTrailer(e.target.value), setError(null))}
        />
      </label>
      <label>
        <span>{t("From (optional)")}</span>
        <input value={origin} autoCapitalize="characters" onChange={(e) => setOrigin(e.target.value)} />
      </label>
      <div className="segmented" role="group" aria-label={t("How full")}>
        {FULL.map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={full === p && other === ""}
            onClick={() => (setFull(p), setOther(""), setError(null))}
          >
            {p}%
          </button>
        ))}
        <label className="other-percent">
          <span>{t("Other %")}</span>
          <input inputMode="numeric" value={other} onChange={(e) => (setOther(e.target.value), setError(null))} />
        </label>
      </div>
      {error ? (
        <p role="alert" className="form-error">
          {error}
        </p>
      ) : null}
      <div className="row-actions">
        <button type="submit" className="primary">
          {t("Dock trailer at door {{door}}", { door })}
        </button>
        <button type="button" onClick={onCancel}>
          {t("Cancel")}
        </button>
      </div>
    </form>
  );
}
