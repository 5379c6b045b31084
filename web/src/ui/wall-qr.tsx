import { encode } from "uqr";
import { t } from "../i18n/i18n";

/** The address that signs a wall screen in with this code: the code rides in the fragment, never sent to a server. */
export function wallSignInUrl(fid: string, code: string): string {
  return `${location.origin}/f/${fid}/wall#code=${encodeURIComponent(code)}`;
}

/**
 * The wall code as a QR code of that address, drawn as SVG squares (no image data, nothing the page's
 * Content-Security-Policy has to allow). A phone scans it and opens it on the TV, or the TV's own camera does.
 */
export function WallQr({ fid, code }: { fid: string; code: string }) {
  const url = wallSignInUrl(fid, code);
  const { data, size } = encode(url, { border: 2 });
  const cells: string[] = [];
  data.forEach((row, y) => row.forEach((dark, x) => dark && cells.push(`M${x} ${y}h1v1h-1z`)));
  return (
    <figure className="wall-qr">
      <svg
        role="img"
        aria-label={t("QR code that signs a wall screen in")}
        viewBox={`0 0 ${size} ${size}`}
        width={220}
        height={220}
        shapeRendering="crispEdges"
      >
        <rect width={size} height={size} fill="#fff" />
        <path d={cells.join("")} fill="#000" />
      </svg>
      <figcaption>
        {t("Or open on the wall screen:")} <code data-testid="wall-url">{url}</code>
      </figcaption>
    </figure>
  );
}
