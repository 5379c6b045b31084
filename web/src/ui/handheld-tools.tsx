import type { ComponentProps } from "react";
import type { Car, FacilityState, Mutation } from "../../../shared";
import { useT } from "../i18n/i18n";
import { AccessCodes } from "./access-codes";
import { AddCar } from "./add-car";
import { AlertRulesEditor } from "./alerts/alert-rules";
import { PushToggle } from "./alerts/push-toggle";
import { CsvPanel } from "./csv-panel";
import { DoorsEditor } from "./doors/doors-editor";
import { InstallApp } from "./install-app";
import { LocationsEditor } from "./locations-editor";
import { ShiftBar } from "./shift-bar";

const uuid = () => crypto.randomUUID();

/**
 * Everything on the handheld that is not the board: adding a car, CSV, the device's push and install, and the
 * supervisor's shift controls, editors and codes. Its own chunk (with the CSV parser), so the board's first
 * paint does not wait for it.
 */
export function HandheldTools({
  fid,
  supervisor,
  shown,
  cars,
  send,
  shift,
}: {
  fid: string;
  supervisor: boolean;
  shown: FacilityState;
  cars: Car[];
  send(m: Mutation): void;
  shift: Omit<ComponentProps<typeof ShiftBar>, "shift">;
}) {
  const t = useT();
  return (
    <section id="tools" className="tools" aria-label={supervisor ? t("Supervisor tools") : t("Add car, export")}>
      {supervisor ? <ShiftBar shift={shown.shift} {...shift} /> : null}
      <AddCar
        cars={cars}
        onAdd={(id, location) =>
          send({ type: "car.add", mutationId: uuid(), carId: id, ...(location ? { location } : {}) })
        }
      />
      <CsvPanel
        fid={fid}
        cars={cars}
        locations={shown.facility.locations}
        canImport={supervisor}
        onImport={(rows) => send({ type: "fleet.import", mutationId: uuid(), cars: rows })}
      />
      {supervisor ? (
        <LocationsEditor
          locations={shown.facility.locations}
          cars={cars}
          send={(m) => send({ ...m, mutationId: uuid() } as Mutation)}
        />
      ) : null}
      {supervisor ? (
        <DoorsEditor doors={shown.facility.doors} send={(m) => send({ ...m, mutationId: uuid() } as Mutation)} />
      ) : null}
      {supervisor ? (
        <AlertRulesEditor
          fid={fid}
          rules={shown.facility.alertRules}
          send={(m) => send({ ...m, mutationId: uuid() } as Mutation)}
        />
      ) : null}
      <div className="device-row">
        <PushToggle fid={fid} />
        <InstallApp />
      </div>
      {supervisor ? <AccessCodes fid={fid} /> : null}
      {supervisor ? (
        <nav className="supervisor-links" aria-label={t("Supervisor")}>
          <a href={`/f/${fid}/shifts`}>{t("Shift history")}</a>
          <a href={`/f/${fid}/audit`}>{t("Audit")}</a>
          <a href={`/f/${fid}/analytics`}>{t("Analytics")}</a>
        </nav>
      ) : null}
    </section>
  );
}
