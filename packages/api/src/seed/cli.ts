import { openStore, readDbEnv } from "@missionboard/db";
import { seedDemo } from "./demo";

if (process.env.NODE_ENV === "production" && !process.argv.includes("--force")) {
  console.error("Refusing to seed demo accounts with NODE_ENV=production (pass --force to a throwaway database only).");
  process.exit(1);
}
const store = openStore(readDbEnv().DATABASE_URL);
try {
  await store.migrate();
  const result = await seedDemo(store);
  console.log(result.seeded ? "Demo data seeded." : `Demo seed skipped: ${result.reason}.`);
} finally {
  await store.close();
}
