// Drops the per-test Postgres databases that an interrupted earlier run may have left behind.
import { dropServerTemplates } from "../test-utils";

const url = process.env.TEST_DATABASE_URL;
if (url) await dropServerTemplates(url);
