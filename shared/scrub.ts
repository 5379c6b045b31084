/** Takes out what must never be stored from a report: session tokens, codes typed into a URL, bearer strings. */
export function scrubReport(text: string): string {
  return text
    .replace(/Bearer\s+\S+/gi, "Bearer [removed]")
    .replace(/([?&#](?:token|code|key|auth)[^=&#]*=)[^&#\s]*/gi, "$1[removed]")
    .replace(/[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/g, "[removed]");
}
