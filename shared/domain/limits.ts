/** Limits stated once and enforced at every edge (documented in docs/protocol.md). */
export const LIMITS = {
  carIdMax: 32,
  notesMax: 1000,
  locationNameMax: 40,
  locationsMax: 50,
  facilityNameMax: 80,
  importRowsMax: 5000,
  actorNameMax: 60,
  doorsMax: 60,
  doorLabelMax: 10,
  trailerMax: 20,
  originMax: 10,
  visitNoteMax: 500,
  /** Notes one visit may hold; a trailer's story, not a chat. */
  visitNotesMax: 50,
  /** Devices one facility pushes alerts to. */
  pushDevicesMax: 500,
  /** Long polls one facility holds open at once (each keeps the hub awake). */
  heldPollsMax: 200,
  /** Largest WebSocket text frame the hub parses. */
  wsFrameBytes: 512 * 1024,
  /** Largest HTTP request body the Worker reads. */
  httpBodyBytes: 1024 * 1024,
  /** Change-log entries kept for catch-up; older clients get a snapshot. */
  changeLogKeep: 20_000,
  /** Mutation ids kept for idempotency: all newer than this many ms ... */
  mutationIdKeepMs: 7 * 24 * 60 * 60 * 1000,
  /** ... and always at least the latest this many. */
  mutationIdKeepCount: 50_000,
} as const;

/** The name the demo facility is created with on its first start. */
export const DEMO_FACILITY_NAME = "Demo hub";

export const DEFAULT_LOCATIONS = ["Yard", "100", "200", "300", "400", "500", "600", "Shop"] as const;

/** Dock doors 9 to 23, the default of a new building. */
export const DEFAULT_DOORS = Array.from({ length: 15 }, (_, i) => String(9 + i));

export const DEMO_CAR_IDS = [
  "128414",
  "128421",
  "128425",
  "128431",
  "128446",
  "128448",
  "128450",
  "128458",
  "128463",
  "128469",
  "128470",
  "128472",
  "128477",
  "128484",
  "128489",
  "128507",
  "128508",
  "144129",
  "156445",
  "171011",
  "173813",
  "173815",
  "173837",
  "173839",
  "173856",
  "173869",
  "194040",
  "632850",
  "690045",
  "690046",
  "690065",
  "690142",
  "690166",
  "690263",
  "690279",
  "690325",
  "690330",
  "690331",
  "690340",
  "690346",
  "690354",
  "690359",
  "690368",
] as const;
