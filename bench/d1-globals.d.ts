// bench/capacity.ts drives the production D1 flush from Node (wrangler's platform proxy): D1's type for the node
// program, without the rest of the Workers globals (which clash with Node's).
type D1Database = import("@cloudflare/workers-types/index").D1Database;
