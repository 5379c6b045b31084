import { useT } from "../i18n/i18n";
import type { Rejection } from "../store/facility-store";
import { rejectionWords } from "./reject-words";

/** Refused taps that belong to no card on screen: what the hub said, each until someone has read it. */
export function RejectionLines({
  rejections,
  dismiss,
}: {
  rejections: Rejection[];
  dismiss(mutationId: string): void;
}) {
  const t = useT();
  return rejections.map((r) => (
    <p key={r.mutation.mutationId} role="alert" className="rejection">
      {t("Not saved:")} {rejectionWords(r.code, r.message, r.words)}{" "}
      <button type="button" onClick={() => dismiss(r.mutation.mutationId)}>
        {t("OK")}
      </button>
    </p>
  ));
}
