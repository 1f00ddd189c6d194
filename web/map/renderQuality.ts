/**
 * How much the map may ask of the graphics stack. Many Party-building intranet desktops are
 * virtual machines or remote desktops without a GPU, where WebGL runs on the CPU (SwiftShader,
 * llvmpipe): there every frame is rasterised in software, 4× multisampling quadruples that, and
 * each label fade is a dozen extra frames. Measured in headless Chromium on this project's 2-core
 * machine, the prefecture view spent most of its first load drawing frames, not fetching data.
 */
export interface RenderQuality {
  /** WebGL is emulated on the CPU. */
  software: boolean;
  /** Multisample anti-aliasing of the map canvas. */
  antialias: boolean;
  /** MapLibre's label fade in milliseconds (0: labels appear at once, no animation frames). */
  fadeDuration: number;
}

/** Renderers that mean "no GPU": Chromium's SwiftShader, Mesa's llvmpipe and softpipe, Microsoft's WARP. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|warp/i;

/** Whether a WebGL renderer string names a CPU rasteriser. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** The quality for a renderer string (or null when none could be read: assume a GPU). */
export function renderQualityFor(renderer: string | null): RenderQuality {
  const software = renderer !== null && isSoftwareRenderer(renderer);
  return { software, antialias: !software, fadeDuration: software ? 0 : 300 };
}

let probed: RenderQuality | undefined;

/**
 * Asks a throwaway WebGL context which renderer this browser uses, once per page. The unmasked
 * name needs WEBGL_debug_renderer_info; without it the masked RENDERER string is used (Chromium
 * still says "SwiftShader" there when it emulates).
 */
export function renderQuality(): RenderQuality {
  if (probed) return probed;
  let renderer: string | null = null;
  try {
    const gl =
      document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // No WebGL at all: MapView reports that on its own.
  }
  probed = renderQualityFor(renderer);
  return probed;
}
