import journal from "./meta/_journal.json";
import m0000 from "./0000_init.sql";
import m0001 from "./0001_auth.sql";
import m0002 from "./0002_shift_cutoff.sql";
import m0003 from "./0003_door_board.sql";
import m0004 from "./0004_alerts.sql";
import m0005 from "./0005_push_lang.sql";

export default {
  journal,
  migrations: {
    m0000,
    m0001,
    m0002,
    m0003,
    m0004,
    m0005,
  },
};
