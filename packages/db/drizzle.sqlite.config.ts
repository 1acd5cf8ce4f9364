import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/schema.sqlite.ts",
  // DRIZZLE_OUT lets scripts/check-migrations.sh generate into a scratch copy.
  out: process.env.DRIZZLE_OUT ?? "../../drizzle/sqlite",
  casing: "snake_case",
});
