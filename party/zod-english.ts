// Imported for its effect, by the Worker's entry and by the room (which tests run without the Worker): the
// hub's refusals of malformed input say what was wrong in classic zod's English, not just "Invalid input".
import { en } from "zod/locales";
import { z } from "zod/mini";

z.config(en());
