import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.pg.ts",
  // DRIZZLE_OUT lets scripts/check-migrations.sh generate into a scratch copy.
  out: process.env.DRIZZLE_OUT ?? "../../drizzle/pg",
  casing: "snake_case",
});
