/**
 * Which onnxruntime execution provider to try, in which order (README.md, Transport and models): CUDA if its
 * provider libraries are installed, DirectML on Windows, CoreML on macOS, WebGPU everywhere, CPU last.
 * Pure functions of the platform and a file-existence probe, so the policy is testable on any machine;
 * the actual attempt (and the fallback with its recorded reason) is in session.ts.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { z } from 'zod';

const PROVIDERS = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** The user's setting: `auto` follows the platform order; a named provider pins it (CPU still backs it). */
export const ProviderSetting = z.enum(['auto', ...PROVIDERS]);
export type ProviderSetting = z.infer<typeof ProviderSetting>;

export interface ProviderFailure {
  provider: Provider;
  reason: string;
}

/** The CUDA provider library onnxruntime-node loads on demand; absent unless its optional download ran. */
const CUDA_LIBRARY: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'libonnxruntime_providers_cuda.so',
  win32: 'onnxruntime_providers_cuda.dll',
};

/** Folder holding onnxruntime-node's native binding for this platform (where provider libraries sit). */
function ortBinaryDir(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve('onnxruntime-node/package.json'));
  return join(pkg, 'bin', 'napi-v6', platform, arch);
}

export interface PlatformProbe {
  platform: NodeJS.Platform;
  /** Whether a file exists (stubbed in tests). */
  exists: (path: string) => boolean;
  binaryDir: string;
}

function defaultProbe(): PlatformProbe {
  return { platform: process.platform, exists: existsSync, binaryDir: ortBinaryDir() };
}

/**
 * Providers to try, best first, with the reason each skipped one was not even attempted. CPU is always
 * last and always present: it is what every other provider falls back to.
 */
export function providerPlan(
  setting: ProviderSetting,
  probe: PlatformProbe = defaultProbe(),
): { order: Provider[]; skipped: ProviderFailure[] } {
  if (setting !== 'auto') return { order: setting === 'cpu' ? ['cpu'] : [setting, 'cpu'], skipped: [] };
  const order: Provider[] = [];
  const skipped: ProviderFailure[] = [];
  const cudaLib = CUDA_LIBRARY[probe.platform];
  if (cudaLib && probe.exists(join(probe.binaryDir, cudaLib))) order.push('cuda');
  else if (cudaLib) skipped.push({ provider: 'cuda', reason: `${cudaLib} is not installed` });
  if (probe.platform === 'win32') order.push('dml');
  if (probe.platform === 'darwin') order.push('coreml');
  order.push('webgpu', 'cpu');
  return { order, skipped };
}

/** First line of an onnxruntime error, without the C++ source path noise, for showing to a person. */
export function conciseReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split('\n').find((l) => l.trim()) ?? msg;
  // Dawn's adapter messages mean one thing to a person: this machine offers WebGPU no usable GPU.
  if (/adapter/i.test(line)) return 'no graphics card is available to WebGPU on this machine';
  return line.replace(/^\/\S+:\d+ [^\n]*?(?:\)|>)\s*/, '').slice(0, 300);
}
