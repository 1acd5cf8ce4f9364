import { openConfiguredStore } from "../store";

const store = openConfiguredStore();
try {
  await store.migrate();
  const status = await store.migrationStatus();
  console.log(`Migrations applied on ${store.engine}: ${status.applied}/${status.total}.`);
} finally {
  await store.close();
}
