import type { Role, UserStatus } from "@missionboard/core";
import type { Store } from "@missionboard/db";

/** What the web app resolved from the session cookie; roles are read from the database per request. */
export interface SessionUser {
  id: string;
  role: Role;
  status: UserStatus;
  name: string;
  email: string;
  sessionId: string;
}

/** Built by the web app for every request and injected; the api never reads cookies or env. */
export interface Context {
  db: Store;
  user: SessionUser | null;
  now: () => Date;
  requestId: string;
}
