import { z } from "zod";
import { loadDotEnv } from "./workspace";

const DbEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .default("file:./data/missionboard.db")
    // Any other scheme (mysql://, https://…) would otherwise be taken for a relative SQLite path.
    .refine((url) => /^(file:|postgres(ql)?:\/\/|\.{0,2}\/|[\w-])/.test(url) && !/^(?!postgres(ql)?:)[a-z][\w+.-]*:\/\//i.test(url), {
      message: "must be a file: path for SQLite or a postgres:// URL",
    }),
  /** Connections in the Postgres pool of each process (ignored on SQLite, which has one). */
  DATABASE_POOL_MAX: z.coerce.number("must be a whole number").int("must be a whole number").min(1).max(100).default(10),
});
export type DbEnv = z.infer<typeof DbEnvSchema>;

/** Validates the database settings once; a bad value stops the process naming the variable. */
export function readDbEnv(source: NodeJS.ProcessEnv = process.env): DbEnv {
  loadDotEnv();
  const parsed = DbEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}
