import { openConfiguredStore } from "@missionboard/db";
import { failureMessage } from "../services/jobs";
import { seedDemo } from "./demo";
import { seedDemoAnalytics } from "./demo-analytics";

if (process.env.NODE_ENV === "production" && !process.argv.includes("--force")) {
  console.error("Refusing to seed demo accounts with NODE_ENV=production (pass --force to a throwaway database only).");
  process.exit(1);
}
const store = openConfiguredStore();
try {
  await store.migrate();
  const result = await seedDemo(store);
  if (result.seeded) {
    const analytics = await seedDemoAnalytics(store, () => new Date());
    if (analytics.status !== "succeeded") throw new Error(`the demo analytics did not load: ${analytics.error}`);
    console.log(`Demo data seeded (with ${analytics.chats} OpenWebUI chats, ${analytics.missions.length} missions).`);
  } else console.log(`Demo seed skipped: ${result.reason}.`);
} catch (error) {
  // Never a failed query's parameters (the demo's people) in the terminal.
  console.error(`Seeding failed: ${failureMessage(error)}`);
  process.exitCode = 1;
} finally {
  await store.close();
}
