// Standalone Zoom emulator: `npx tsx test/emulators/zoom/cli.ts --port 9901`.
// Prints the URL (use it as ZOOM_OAUTH_URL) and the default credentials, then serves until killed.
// Options: --port N, --config file.json (ZoomEmulatorOptions as JSON), --webhook-url URL
// --webhook-secret S (auto-send signed events), --light/--medium/--heavy N (per-second limits).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startZoomEmulator } from './zoom-emulator.js';
import type { ZoomEmulatorOptions } from './types.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9901' },
    config: { type: 'string' },
    'webhook-url': { type: 'string' },
    'webhook-secret': { type: 'string' },
    light: { type: 'string' },
    medium: { type: 'string' },
    heavy: { type: 'string' },
  },
});

const options: ZoomEmulatorOptions = values.config ? (JSON.parse(readFileSync(values.config, 'utf8')) as ZoomEmulatorOptions) : {};
options.port = Number(values.port);
if (values['webhook-url']) {
  options.webhook = { url: values['webhook-url'], secretToken: values['webhook-secret'] ?? '' };
}
const perSecond = { Light: values.light, Medium: values.medium, Heavy: values.heavy };
for (const [category, value] of Object.entries(perSecond)) {
  if (value !== undefined) {
    options.rateLimits = { ...options.rateLimits, perSecond: { ...options.rateLimits?.perSecond, [category]: Number(value) } };
  }
}

const emu = await startZoomEmulator(options);
console.log(emu.url);
console.log(JSON.stringify({ oauthUrl: emu.url, apiBaseUrl: emu.apiBaseUrl, ...emu.credentials, control: `${emu.url}/__emulator/state` }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    emu.close().then(() => process.exit(0), () => process.exit(1));
  });
}
