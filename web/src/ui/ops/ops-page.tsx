import { useEffect, useState, type FormEvent } from "react";
import type { OperatorInfo } from "../../../../shared/ops";
import { useT } from "../../i18n/i18n";
import { operatorSession, operatorSignIn, operatorSignOut } from "../../net/ops-api";
import { LanguageSwitch } from "../language-switch";
import { NightToggle } from "../night-toggle";
import { BuildingsSection } from "./buildings-table";
import { ArchivesSection } from "./ops-archives";
import { ShardsSection } from "./ops-shards";
import { ErrorsSection } from "./ops-errors";
import { UsageSection } from "./ops-usage";
import "./ops.css";

/** The operator's console: every building's health, buildings made and archived, usage and screens' errors. */
export default function OpsPage() {
  const t = useT();
  const [op, setOp] = useState<OperatorInfo | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    operatorSession()
      .then(setOp)
      .catch((e: Error) => {
        setError(e.message);
        setOp(null);
      });
  }, []);
  if (op === undefined) return <p className="checking">{t("Loading…")}</p>;
  if (!op) return <OpsSignIn onIn={setOp} error={error} />;
  return (
    <main className="supervisor ops">
      <header className="topbar">
        <h1>{t("Operator console")}</h1>
        <nav aria-label={t("Operator console")}>
          <a href="#buildings">{t("Buildings")}</a> · <a href="#usage">{t("Usage")}</a> ·{" "}
          <a href="#errors">{t("Screen errors")}</a> · <a href="#databases">{t("Audit databases")}</a> ·{" "}
          <a href="#archives">{t("Archives")}</a>
        </nav>
        <span className="who">{op.name}</span>
        <button
          type="button"
          onClick={() => {
            void operatorSignOut().then(() => setOp(null));
          }}
        >
          {t("Sign out")}
        </button>
        <NightToggle />
        <LanguageSwitch />
      </header>
      <BuildingsSection />
      <UsageSection />
      <ErrorsSection />
      <ShardsSection />
      <ArchivesSection />
    </main>
  );
}

function OpsSignIn({ onIn, error }: { onIn: (op: OperatorInfo) => void; error: string | null }) {
  const t = useT();
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  const [message, setMessage] = useState<string | null>(error);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    operatorSignIn(code, name)
      .then(onIn)
      .catch((err: Error) => setMessage(err.message))
      .finally(() => setBusy(false));
  };
  return (
    <main className="chooser ops-sign-in">
      <header className="topbar">
        <h1>{t("Operator console")}</h1>
        <NightToggle />
        <LanguageSwitch />
      </header>
      <form onSubmit={submit}>
        <label>
          <span>{t("Your name")}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required />
        </label>
        <label>
          <span>{t("Admin code")}</span>
          <input type="password" value={code} onChange={(e) => setCode(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          {t("Sign in")}
        </button>
        {message ? <p role="alert">{t(message)}</p> : null}
      </form>
    </main>
  );
}
