import { readDbEnv } from "../env";
import { openStore } from "../store";

const url = readDbEnv().DATABASE_URL;
const store = openStore(url);
try {
  await store.migrate();
  const status = await store.migrationStatus();
  console.log(`Migrations applied on ${store.engine}: ${status.applied}/${status.total}.`);
} finally {
  await store.close();
}
