import { z } from "zod";

// Runs in the browser before the app's own modules. Zod compiles object parsers with
// `new Function` when it may; its probe for that is a caught eval, which the CSP (proxy.ts, no
// 'unsafe-eval' in production) still reports as a violation on every page load. Forms validate
// a handful of fields, so the interpreted parser costs nothing anyone would notice.
z.config({ jitless: true });
