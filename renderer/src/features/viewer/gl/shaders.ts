/**
 * One full-screen pass: the image (16-bit integer texture of value - min) goes through a
 * display LUT texture (built on the CPU by shared/imaging/display, so the GPU shows exactly the
 * grey levels the thumbnails and tests compute), then the mask is blended with the class palette.
 */
export const VERTEX_SHADER = `#version 300 es
in vec2 a_position;           // unit quad, 0..1
uniform mat3 u_imageToClip;    // image pixel coordinates -> clip space
uniform vec2 u_size;           // image width, height in pixels
out vec2 v_pixel;              // image pixel coordinates of this fragment
void main() {
  v_pixel = a_position * u_size;
  vec3 clip = u_imageToClip * vec3(v_pixel, 1.0);
  gl_Position = vec4(clip.xy, 0.0, 1.0);
}`;

export const FRAGMENT_SHADER = `#version 300 es
precision highp float;
precision highp int;
precision highp usampler2D;
in vec2 v_pixel;
uniform usampler2D u_image;    // R16UI: stored value - min
uniform sampler2D u_lut;       // R8, LUT_WIDTH wide: display grey per (value - min)
uniform usampler2D u_mask;     // R8UI: class index per pixel
uniform sampler2D u_palette;   // RGBA8, 256 x 1: class colours, alpha 0 for background
uniform float u_opacity;       // 0 hides the mask
uniform bool u_outline;        // draw only class borders
uniform vec2 u_size;
uniform vec3 u_cursor;         // x, y (image px), radius (image px); radius 0 = no cursor
uniform float u_pixelsPerScreen; // image pixels per screen pixel, for a 1-screen-pixel ring
uniform sampler2D u_heat;      // R8, model grid: one class's probability (linear filtering)
uniform bool u_heatOn;
uniform vec2 u_heatStep;       // image pixels per grid pixel, across and down
uniform float u_heatSize;      // grid side
uniform bool u_heatFlip;       // the model saw the image flipped horizontally
out vec4 outColor;
const int LUT_WIDTH = 4096;

uint maskAt(ivec2 p) {
  ivec2 q = clamp(p, ivec2(0), ivec2(u_size) - 1);
  return texelFetch(u_mask, q, 0).r;
}

void main() {
  ivec2 p = ivec2(floor(v_pixel));
  uint v = texelFetch(u_image, p, 0).r;
  float grey = texelFetch(u_lut, ivec2(int(v) % LUT_WIDTH, int(v) / LUT_WIDTH), 0).r;
  vec3 color = vec3(grey);
  uint label = maskAt(p);
  if (label != 0u && u_opacity > 0.0) {
    bool draw = true;
    if (u_outline) {
      draw = maskAt(p + ivec2(1, 0)) != label || maskAt(p - ivec2(1, 0)) != label ||
             maskAt(p + ivec2(0, 1)) != label || maskAt(p - ivec2(0, 1)) != label;
    }
    if (draw) {
      vec4 c = texelFetch(u_palette, ivec2(int(label), 0), 0);
      color = mix(color, c.rgb, u_outline ? 1.0 : u_opacity * c.a);
    }
  }
  if (u_heatOn) {
    // Where this pixel was in the model's input grid (see shared/preprocess/geometry.ts).
    float sx = u_heatFlip ? u_size.x - v_pixel.x : v_pixel.x;
    vec2 grid = vec2(sx, v_pixel.y) / u_heatStep;
    if (grid.x < u_heatSize && grid.y < u_heatSize) {
      float p = texture(u_heat, grid / u_heatSize).r;
      // blue (unlikely) -> yellow -> red (likely), fading out below 10 %.
      vec3 heat = p < 0.5 ? mix(vec3(0.1, 0.3, 1.0), vec3(1.0, 0.9, 0.1), p * 2.0) : mix(vec3(1.0, 0.9, 0.1), vec3(1.0, 0.1, 0.05), p * 2.0 - 1.0);
      color = mix(color, heat, 0.55 * smoothstep(0.05, 0.25, p));
    }
  }
  if (u_cursor.z > 0.0) {
    float d = abs(distance(v_pixel, u_cursor.xy) - u_cursor.z);
    if (d < u_pixelsPerScreen) color = mix(color, vec3(1.0, 0.85, 0.1), 0.9);
  }
  outColor = vec4(color, 1.0);
}`;

export const LUT_WIDTH = 4096;
