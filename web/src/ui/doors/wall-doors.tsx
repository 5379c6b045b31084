import type { Door, Visit } from "../../../../shared";
import { IDLE_WARN_MIN, STATUS_WORDS, idleMinutes, leftPercent, timeAt } from "./door-words";
import { useT } from "../../i18n/i18n";
import { useBox } from "../use-box";

interface Props {
  doors: readonly Door[];
  visits: ReadonlyMap<string, Visit>;
  now: number;
}

/**
 * The wall's door strip, beside the yard: every door with a trailer or expecting one, one line each; free
 * doors in one line at the bottom, so sixty doors still fit. A trailer nobody has touched for a while stands out.
 */
export function WallDoors({ doors, visits, now }: Props) {
  const t = useT();
  const busy = doors.filter((d) => d.state !== "empty");
  const free = doors.filter((d) => d.state === "empty").map((d) => d.door);
  const fontPx = useFitFont(busy.length);
  return (
    <section
      className={`wall-door-strip${busy.length === 0 ? " quiet" : ""}`}
      aria-label={t("Doors")}
      ref={fontPx.ref}
      style={{ fontSize: `${fontPx.px}px` }}
    >
      <h2>{t("Doors")}</h2>
      <ul className="wall-doors">
        {busy.map((d) => {
          const v = d.visitId ? visits.get(d.visitId) : undefined;
          if (!v) {
            return (
              <li key={d.door} className="wall-door door-pending" data-door={d.door}>
                <span className="door-no">{d.door}</span>
                <span>{t("Expecting a trailer")}</span>
              </li>
            );
          }
          const idle = v.status !== "completed" ? idleMinutes(v, now) : 0;
          const stuck = idle >= IDLE_WARN_MIN;
          return (
            <li key={d.door} className={`wall-door door-${v.status}${stuck ? " idle" : ""}`} data-door={d.door}>
              <span className="door-no">{d.door}</span>
              <span className="wall-trailer">{v.trailer}</span>
              <span className="wall-left">{t("{{n}}% left", { n: leftPercent(v) })}</span>
              <span className="wall-status">
                {stuck ? t("Idle {{n}} min", { n: idle }) : t(STATUS_WORDS[v.status])} · {timeAt(v.dockedAt, now)}
              </span>
              <span className="wall-door-bar" aria-hidden="true">
                <span style={{ width: `${leftPercent(v)}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
      {free.length > 0 ? <p className="wall-free">{t("Free: {{doors}}", { doors: free.join(", ") })}</p> : null}
    </section>
  );
}

/** Each busy door takes about 3.6 lines; the strip's text is as large as the TV's height allows, never scrolled. */
function useFitFont(rows: number): { ref: React.RefObject<HTMLElement | null>; px: number } {
  const { ref, box } = useBox<HTMLElement>();
  const height = box?.height ?? 0;
  const px = height === 0 ? 20 : Math.max(10, Math.min(22, Math.floor(height / (rows * 3.7 + 5))));
  return { ref, px };
}
