import { openStore } from "../store";
import { readDbEnv } from "../env";

const url = readDbEnv().DATABASE_URL;
const store = openStore(url);
try {
  await store.migrate();
  const status = await store.migrationStatus();
  console.log(`Migrations applied on ${store.engine}: ${status.applied}/${status.total}.`);
} finally {
  await store.close();
}
