import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

/** Flags that let headless Chromium run WebRTC between processes of this machine. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-dev-shm-usage",
  // Without these two, ICE never leaves "new" on loopback.
  "--allow-loopback-in-peer-connection",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
];

export interface BrowserPage {
  readonly page: Page;
  /** Every console line of the page, as `<type>: <text>`. */
  readonly console: readonly string[];
  /** Uncaught errors and unhandled rejections of the page. */
  readonly errors: readonly string[];
  close(): Promise<void>;
}

/** Launches the system Chromium (no download) and opens `url`, recording console and errors. */
export async function openPage(executablePath: string, url: string): Promise<BrowserPage> {
  const profile = mkdtempSync(join(tmpdir(), "actr-chromium-"));
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({ executablePath, args: [...CHROMIUM_ARGS, `--user-data-dir=${profile}`], headless: true });
    const page = await browser.newPage();
    const consoleLines: string[] = [];
    const errors: string[] = [];
    page.on("console", (message) => void consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => void errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    await page.goto(url, { waitUntil: "load" });
    const opened = browser;
    return {
      page,
      console: consoleLines,
      errors,
      close: async () => {
        await opened.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
