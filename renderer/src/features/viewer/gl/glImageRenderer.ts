/**
 * WebGL2 drawing of a full-depth image with its mask. The image is uploaded once as a 16-bit
 * integer texture; window/level only rebuilds a small LUT texture; a brush stroke uploads only
 * its dirty rectangle of the mask (texSubImage2D with UNPACK_* strides, no copy). Draws happen at
 * most once per animation frame.
 */
import type { Rect } from '../../../../../shared/mask/rect.js';
import { FRAGMENT_SHADER, LUT_WIDTH, VERTEX_SHADER } from './shaders.js';
import { imageToClipMatrix, type Size, type ViewState } from './viewTransform.js';

export interface OverlayStyle {
  opacity: number;
  outline: boolean;
}

export class GlImageRenderer {
  private readonly gl: WebGL2RenderingContext;
  private readonly program: WebGLProgram;
  private readonly textures: { image: WebGLTexture; lut: WebGLTexture; mask: WebGLTexture; palette: WebGLTexture; heat: WebGLTexture };
  private heat: { step: number; stepY: number; size: number; flip: boolean } | null = null;
  private readonly uniforms: Record<string, WebGLUniformLocation | null> = {};
  private image: Size = { width: 1, height: 1 };
  private mask: Uint8Array | null = null;
  private frame = 0;
  private view: ViewState = { scale: 1, offsetX: 0, offsetY: 0, flipX: false, flipY: false };
  private overlay: OverlayStyle = { opacity: 0.45, outline: false };
  private cursor: { x: number; y: number; radius: number } | null = null;
  /**
   * What changed since the last draw, in image pixels: null = everything (view, LUT, overlay
   * style). A brush segment damages only its capsule and the cursor ring, so the next draw is
   * scissored to that screen rectangle: the fragment work follows the brush, not the viewport.
   */
  private damage: Rect | null = null;
  private fullRedraw = true;
  /** Time of the last completed draw, for the benchmark. */
  lastDrawMs = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const gl = canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true });
    if (!gl) throw new Error('WebGL2 is not available in this browser; MammoSeg needs it to draw mammograms at full depth.');
    this.gl = gl;
    this.program = linkProgram(gl, VERTEX_SHADER, FRAGMENT_SHADER);
    gl.useProgram(this.program);
    for (const name of [
      'u_imageToClip',
      'u_size',
      'u_image',
      'u_lut',
      'u_mask',
      'u_palette',
      'u_opacity',
      'u_outline',
      'u_cursor',
      'u_pixelsPerScreen',
      'u_heat',
      'u_heatOn',
      'u_heatStep',
      'u_heatSize',
      'u_heatFlip',
    ]) {
      this.uniforms[name] = gl.getUniformLocation(this.program, name);
    }
    const quad = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, quad);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), gl.STATIC_DRAW);
    const location = gl.getAttribLocation(this.program, 'a_position');
    gl.enableVertexAttribArray(location);
    gl.vertexAttribPointer(location, 2, gl.FLOAT, false, 0, 0);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    this.textures = {
      image: makeTexture(gl),
      lut: makeTexture(gl),
      mask: makeTexture(gl),
      palette: makeTexture(gl),
      heat: makeTexture(gl),
    };
    // Probabilities are interpolated between grid pixels, as inference maps them back.
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.uniform1i(this.uniforms.u_image!, 0);
    gl.uniform1i(this.uniforms.u_lut!, 1);
    gl.uniform1i(this.uniforms.u_mask!, 2);
    gl.uniform1i(this.uniforms.u_palette!, 3);
    gl.uniform1i(this.uniforms.u_heat!, 4);
  }

  /** One class's probability on the model grid, or null to hide the heat map. */
  setHeatMap(heat: { data: Uint8Array; size: number; step: number; stepY: number; flip: boolean } | null): void {
    this.heat = heat && { step: heat.step, stepY: heat.stepY, size: heat.size, flip: heat.flip };
    if (heat) {
      bind(this.gl, 4, this.textures.heat);
      this.gl.texImage2D(this.gl.TEXTURE_2D, 0, this.gl.R8, heat.size, heat.size, 0, this.gl.RED, this.gl.UNSIGNED_BYTE, heat.data);
    }
    this.schedule();
  }

  /** Uploads the image as value - min (16-bit); `values` must already be offset. */
  setImage(offsetValues: Uint16Array, size: Size): void {
    const gl = this.gl;
    const max = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
    if (size.width > max || size.height > max) {
      throw new Error(`image ${size.width}x${size.height} exceeds this GPU's texture limit of ${max} pixels a side`);
    }
    this.image = size;
    bind(gl, 0, this.textures.image);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.R16UI, size.width, size.height, 0, gl.RED_INTEGER, gl.UNSIGNED_SHORT, offsetValues);
    this.schedule();
  }

  /** Grey level (0..255) per (value - min); at most 65536 entries. */
  setLut(lut: Uint8Array): void {
    const gl = this.gl;
    const rows = Math.ceil(lut.length / LUT_WIDTH);
    const padded = new Uint8Array(rows * LUT_WIDTH);
    padded.set(lut);
    bind(gl, 1, this.textures.lut);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.R8, LUT_WIDTH, rows, 0, gl.RED, gl.UNSIGNED_BYTE, padded);
    this.schedule();
  }

  /** Class colours (#rrggbb) by class index; index 0 (background) is transparent. */
  setPalette(colors: readonly string[]): void {
    const rgba = new Uint8Array(256 * 4);
    colors.forEach((hex, i) => {
      const n = parseInt(hex.slice(1), 16);
      rgba.set([(n >> 16) & 255, (n >> 8) & 255, n & 255, i === 0 ? 0 : 255], i * 4);
    });
    bind(this.gl, 3, this.textures.palette);
    this.gl.texImage2D(this.gl.TEXTURE_2D, 0, this.gl.RGBA8, 256, 1, 0, this.gl.RGBA, this.gl.UNSIGNED_BYTE, rgba);
    this.schedule();
  }

  /** Uploads the whole mask (the array is kept, so later dirty rects can be sent from it). */
  setMask(labels: Uint8Array): void {
    this.mask = labels;
    bind(this.gl, 2, this.textures.mask);
    this.gl.texImage2D(
      this.gl.TEXTURE_2D,
      0,
      this.gl.R8UI,
      this.image.width,
      this.image.height,
      0,
      this.gl.RED_INTEGER,
      this.gl.UNSIGNED_BYTE,
      labels,
    );
    this.schedule();
  }

  /** Re-uploads only a changed rectangle of the mask. */
  updateMask(rect: Rect): void {
    if (!this.mask || rect.width <= 0 || rect.height <= 0) return;
    const gl = this.gl;
    bind(gl, 2, this.textures.mask);
    gl.pixelStorei(gl.UNPACK_ROW_LENGTH, this.image.width);
    gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, rect.x);
    gl.pixelStorei(gl.UNPACK_SKIP_ROWS, rect.y);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, rect.x, rect.y, rect.width, rect.height, gl.RED_INTEGER, gl.UNSIGNED_BYTE, this.mask);
    gl.pixelStorei(gl.UNPACK_ROW_LENGTH, 0);
    gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, 0);
    gl.pixelStorei(gl.UNPACK_SKIP_ROWS, 0);
    this.addDamage(rect);
  }

  setView(view: ViewState): void {
    this.view = view;
    this.schedule();
  }

  setOverlay(overlay: OverlayStyle): void {
    this.overlay = overlay;
    this.schedule();
  }

  /** The brush outline; only the old and new ring areas are redrawn. */
  setCursor(cursor: { x: number; y: number; radius: number } | null): void {
    const ring = (c: { x: number; y: number; radius: number } | null): Rect | null => {
      if (!c) return null;
      const pad = c.radius + 2 / Math.max(this.view.scale, 1e-3) + 1;
      return { x: Math.floor(c.x - pad), y: Math.floor(c.y - pad), width: Math.ceil(2 * pad) + 1, height: Math.ceil(2 * pad) + 1 };
    };
    const before = ring(this.cursor);
    this.cursor = cursor;
    if (before) this.addDamage(before);
    const after = ring(cursor);
    if (after) this.addDamage(after);
  }

  /** Draws now (tests and the benchmark); normal updates go through schedule(). */
  drawNow(): void {
    const started = performance.now();
    const gl = this.gl;
    const dpr = window.devicePixelRatio || 1;
    const cssWidth = this.canvas.clientWidth || this.canvas.width;
    const cssHeight = this.canvas.clientHeight || this.canvas.height;
    const width = Math.max(1, Math.round(cssWidth * dpr));
    const height = Math.max(1, Math.round(cssHeight * dpr));
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.fullRedraw = true;
    }
    gl.viewport(0, 0, width, height);
    const scissor = this.fullRedraw ? null : this.damage && this.screenRect(this.damage, dpr, height);
    this.fullRedraw = false;
    this.damage = null;
    if (scissor) {
      gl.enable(gl.SCISSOR_TEST);
      gl.scissor(scissor.x, scissor.y, scissor.width, scissor.height);
    }
    gl.clearColor(0, 0, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.useProgram(this.program);
    gl.uniformMatrix3fv(
      this.uniforms.u_imageToClip!,
      false,
      imageToClipMatrix(this.view, this.image, { width: cssWidth, height: cssHeight }),
    );
    gl.uniform2f(this.uniforms.u_size!, this.image.width, this.image.height);
    gl.uniform1f(this.uniforms.u_opacity!, this.overlay.opacity);
    gl.uniform1i(this.uniforms.u_outline!, this.overlay.outline ? 1 : 0);
    const c = this.cursor;
    gl.uniform3f(this.uniforms.u_cursor!, c?.x ?? 0, c?.y ?? 0, c?.radius ?? 0);
    gl.uniform1f(this.uniforms.u_pixelsPerScreen!, 1 / (this.view.scale * dpr));
    gl.uniform1i(this.uniforms.u_heatOn!, this.heat ? 1 : 0);
    gl.uniform2f(this.uniforms.u_heatStep!, this.heat?.step ?? 1, this.heat?.stepY ?? 1);
    gl.uniform1f(this.uniforms.u_heatSize!, this.heat?.size ?? 1);
    gl.uniform1i(this.uniforms.u_heatFlip!, this.heat?.flip ? 1 : 0);
    const t = this.textures;
    for (const [unit, texture] of [t.image, t.lut, t.mask, t.palette, t.heat].entries()) bind(gl, unit, texture);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.disable(gl.SCISSOR_TEST);
    this.lastDrawMs = performance.now() - started;
  }

  /** Device-pixel rectangle (GL's bottom-left origin) covering an image rectangle. */
  private screenRect(r: Rect, dpr: number, canvasHeight: number): Rect {
    const v = this.view;
    const xs = [r.x, r.x + r.width].map((x) => (v.flipX ? this.image.width - x : x) * v.scale + v.offsetX);
    const ys = [r.y, r.y + r.height].map((y) => (v.flipY ? this.image.height - y : y) * v.scale + v.offsetY);
    const x0 = Math.floor(Math.min(...xs) * dpr) - 2;
    const x1 = Math.ceil(Math.max(...xs) * dpr) + 2;
    const y0 = Math.floor(Math.min(...ys) * dpr) - 2;
    const y1 = Math.ceil(Math.max(...ys) * dpr) + 2;
    return { x: x0, y: canvasHeight - y1, width: x1 - x0, height: y1 - y0 };
  }

  /** Waits until the GPU has finished (benchmarks only: it stalls the pipeline). */
  finish(): void {
    const pixel = new Uint8Array(4);
    this.gl.readPixels(0, 0, 1, 1, this.gl.RGBA, this.gl.UNSIGNED_BYTE, pixel);
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    for (const t of Object.values(this.textures)) this.gl.deleteTexture(t);
    this.gl.deleteProgram(this.program);
  }

  private addDamage(rect: Rect): void {
    const d = this.damage;
    if (!d) this.damage = { ...rect };
    else {
      const x0 = Math.min(d.x, rect.x);
      const y0 = Math.min(d.y, rect.y);
      const x1 = Math.max(d.x + d.width, rect.x + rect.width);
      const y1 = Math.max(d.y + d.height, rect.y + rect.height);
      this.damage = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
    }
    this.requestFrame();
  }

  /** Anything but mask or cursor damage redraws the whole canvas. */
  private schedule(): void {
    this.fullRedraw = true;
    this.requestFrame();
  }

  private requestFrame(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drawNow();
    });
  }
}

function makeTexture(gl: WebGL2RenderingContext): WebGLTexture {
  const texture = gl.createTexture();
  if (!texture) throw new Error('WebGL could not create a texture');
  gl.bindTexture(gl.TEXTURE_2D, texture);
  // Integer textures cannot be filtered; texelFetch reads exact values anyway.
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
  return texture;
}

function bind(gl: WebGL2RenderingContext, unit: number, texture: WebGLTexture): void {
  gl.activeTexture(gl.TEXTURE0 + unit);
  gl.bindTexture(gl.TEXTURE_2D, texture);
}

function linkProgram(gl: WebGL2RenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram();
  for (const [type, source] of [
    [gl.VERTEX_SHADER, vertex],
    [gl.FRAGMENT_SHADER, fragment],
  ] as const) {
    const shader = gl.createShader(type)!;
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(shader) ?? 'compile error'}`);
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`shader link: ${gl.getProgramInfoLog(program) ?? 'error'}`);
  return program;
}
