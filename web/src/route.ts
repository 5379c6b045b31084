/** The address's parts, decoded: `/f/demo/wall` is ["f", "demo", "wall"]. */
export function routeParts(pathname: string): string[] {
  return pathname.split("/").filter(Boolean).map(decodeOrKeep);
}

/** A mistyped address (`/f/%E0`) is a building nobody has, not a blank page. */
function decodeOrKeep(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
