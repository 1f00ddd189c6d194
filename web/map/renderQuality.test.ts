import { describe, expect, it } from 'vitest';
import { renderQualityFor } from './renderQuality.ts';

describe('renderQualityFor', () => {
  it('turns multisampling and label fades off for CPU rasterisers', () => {
    for (const renderer of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)',
    ]) {
      expect(renderQualityFor(renderer), renderer).toEqual({ software: true, antialias: false, fadeDuration: 0 });
    }
  });

  it('keeps full quality on a GPU, and when the renderer cannot be read', () => {
    for (const renderer of ['ANGLE (Intel, Intel(R) UHD Graphics 630 Direct3D11 vs_5_0 ps_5_0)', 'Mali-G78', null]) {
      expect(renderQualityFor(renderer), String(renderer)).toEqual({
        software: false,
        antialias: true,
        fadeDuration: 300,
      });
    }
  });
});
