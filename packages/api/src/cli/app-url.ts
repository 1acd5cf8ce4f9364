/**
 * The app's base URL for links written by command-line jobs (rank-up notices of a CLI reload), as
 * the web app reads it: APP_URL, else the local server on PORT.
 */
export const cliAppUrl = (): string => (process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
