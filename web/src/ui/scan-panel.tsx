import { useEffect, useRef, useState } from "react";
import { CarIdSchema, type Car, type CarPatch } from "../../../shared";
import { tx, useT } from "../i18n/i18n";

type Outcome = "arrived" | "already" | "unknown" | "invalid";

interface Scan {
  key: number;
  id: string;
  outcome: Outcome;
  /** What to send to put the car back as it was before this scan. */
  undo: CarPatch | null;
}

interface Props {
  cars: ReadonlyMap<string, Car>;
  locations: readonly string[];
  /** `scanned` is a scan's own change (counted as a scan), not its undo. */
  onPatch(id: string, patch: CarPatch, scanned: boolean): void;
  onAdd(id: string, location: string | undefined): void;
}

const FLASH_MS = 700;
let scanKey = 0;

/**
 * For the handhelds' hardware scanners, which type the code and Enter into the
 * focused field: one scan per car, no typing, an unmistakable confirmation each time.
 */
export function ScanPanel({ cars, locations, onPatch, onAdd }: Props) {
  const t = useT();
  const [value, setValue] = useState("");
  const [at, setAt] = useState(() => localStorage.getItem("ct.at") ?? "");
  const [scans, setScans] = useState<Scan[]>([]);
  const [flash, setFlash] = useState<Outcome | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  const handle = (raw: string) => {
    const parsed = CarIdSchema.safeParse(raw);
    let scan: Scan;
    if (!parsed.success) {
      scan = { key: ++scanKey, id: raw.trim().slice(0, 40), outcome: "invalid", undo: null };
    } else {
      const id = parsed.data;
      const car = cars.get(id);
      const location = at && locations.includes(at) ? at : undefined;
      if (!car) {
        scan = { key: ++scanKey, id, outcome: "unknown", undo: null };
      } else if (car.arrived && (!location || car.location === location)) {
        scan = { key: ++scanKey, id, outcome: "already", undo: null };
      } else {
        const patch: CarPatch = { arrived: true, ...(location ? { location } : {}) };
        onPatch(id, patch, true);
        scan = {
          key: ++scanKey,
          id,
          outcome: "arrived",
          undo: { arrived: car.arrived, ...(location ? { location: car.location } : {}) },
        };
      }
    }
    setScans((s) => [scan, ...s].slice(0, 8));
    setFlash(scan.outcome);
    setTimeout(() => setFlash(null), FLASH_MS);
    if ("vibrate" in navigator)
      navigator.vibrate(scan.outcome === "arrived" || scan.outcome === "already" ? 80 : [60, 60, 60]);
  };

  return (
    <section className={`scan${flash ? ` flash-${flash}` : ""}`} aria-label={t("Scan")}>
      <label className="scan-at">
        <span>{t("I am at")}</span>
        <select
          value={at}
          onChange={(e) => {
            localStorage.setItem("ct.at", e.target.value);
            setAt(e.target.value);
            input.current?.focus();
          }}
        >
          <option value="">{t("(keep each car's location)")}</option>
          {locations.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) handle(value);
          setValue("");
          input.current?.focus();
        }}
      >
        <label className="scan-box">
          <span>{t("Scan a car")}</span>
          <input
            ref={input}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            enterKeyHint="go"
          />
        </label>
      </form>
      <CameraScan onCode={handle} />
      <ol className="scans" aria-label={t("Last scans")} aria-live="assertive">
        {scans.map((s) => (
          <li key={s.key} className={`scan-${s.outcome}`}>
            <span>
              {s.id}: {t(LABEL[s.outcome])}
            </span>
            {s.undo ? (
              <button
                type="button"
                aria-label={t("Undo scan of {{id}}", { id: s.id })}
                onClick={() => {
                  onPatch(s.id, s.undo!, false);
                  setScans((all) => all.filter((x) => x.key !== s.key));
                  // The next scan types into whatever has focus: give it back to the scan box.
                  input.current?.focus();
                }}
              >
                {t("Undo")}
              </button>
            ) : null}
            {s.outcome === "unknown" ? (
              <button
                type="button"
                aria-label={t("Add {{id}}", { id: s.id })}
                onClick={() => {
                  onAdd(s.id, at || undefined);
                  setScans((all) => all.filter((x) => x.key !== s.key));
                  input.current?.focus();
                }}
              >
                {t("Add it")}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

const LABEL: Record<Outcome, string> = {
  arrived: tx("arrived ✓"),
  already: tx("already arrived"),
  unknown: tx("not on the board"),
  invalid: tx("not a car id"),
};

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

/** The camera, where the browser can read barcodes itself (BarcodeDetector). */
function CameraScan({ onCode }: { onCode(code: string): void }) {
  const t = useT();
  const [on, setOn] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const latest = useRef(onCode);
  latest.current = onCode;
  const supported = typeof window !== "undefined" && "BarcodeDetector" in window;
  useEffect(() => {
    if (!on || !video.current) return;
    let stream: MediaStream | null = null;
    let last = "";
    let stopped = false;
    const Ctor = (window as unknown as { BarcodeDetector: new () => Detector }).BarcodeDetector;
    const detector = new Ctor();
    void navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(async (s) => {
      stream = s;
      video.current!.srcObject = s;
      await video.current!.play();
      while (!stopped) {
        const codes = await detector.detect(video.current!).catch(() => []);
        const code = codes[0]?.rawValue;
        // The same code in front of the lens is one scan, not one per frame.
        if (code && code !== last) latest.current(code);
        last = code ?? "";
        await new Promise((r) => setTimeout(r, 250));
      }
    });
    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [on]);
  if (!supported) return null;
  return (
    <div className="camera">
      <button type="button" aria-pressed={on} onClick={() => setOn((x) => !x)}>
        {on ? t("Stop camera") : t("Scan with camera")}
      </button>
      {on ? <video ref={video} muted playsInline aria-label={t("Camera view")} /> : null}
    </div>
  );
}
