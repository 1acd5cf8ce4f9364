import { chromium } from "playwright-core";

const [
  ,
  ,
  width = "1280",
  scheme = "light",
  path = "/admin/design",
  sel = "",
  out = "/tmp/design-demo/shots/x.png",
  user = "admin@demo.test",
] = process.argv;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const ctx = await browser.newContext({
  baseURL: "http://127.0.0.1:3411",
  viewport: { width: Number(width), height: 900 },
  colorScheme: scheme,
});
const page = await ctx.newPage();
await page.goto("/login");
await page.getByLabel("Email").fill(user);
await page.getByLabel("Password").fill("missionboard-demo");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
await page.goto(path);
if (process.env.EVAL) console.log(await page.evaluate(process.env.EVAL));
if (sel) await page.locator(sel).first().screenshot({ path: out });
else await page.screenshot({ path: out, fullPage: process.env.FULL === "1" });
await browser.close();
