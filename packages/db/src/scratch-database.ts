// Throwaway Postgres databases for benchmarks: creating and dropping a database is server DDL
// that runs outside any transaction, so it lives here with the drivers, not in shared code.
import postgres from "postgres";

export interface ScratchDatabase {
  /** `serverUrl` pointing at the new, empty database. */
  url: string;
  /** Drops the database (closing whatever is still connected to it). */
  drop(): Promise<void>;
}

/** Creates an empty database named `${prefix}_${Date.now()}` on the server of `serverUrl`. */
export async function createScratchPostgresDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`scratch database prefix must be a plain identifier: ${prefix}`);
  const name = `${prefix}_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}
