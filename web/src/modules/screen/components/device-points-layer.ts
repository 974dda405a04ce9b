import type {
  CustomLayerInterface,
  CustomRenderMethodInput,
  Map as MapLibreMap,
} from 'maplibre-gl';
import { dotDiameter, FLOATS_PER_DEVICE, type DeviceBuffer } from '../lib/device-buffer';

const VERTEX = `#version 300 es
uniform mat4 u_matrix;
uniform float u_size;
in vec2 a_pos;
in float a_state;
flat out int v_state;
void main() {
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  v_state = int(a_state + 0.5);
  gl_PointSize = v_state == 2 ? u_size * 1.8 : u_size;
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
flat in int v_state;
out vec4 fragColor;
void main() {
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  float d = dot(c, c);
  if (d > 1.0) discard;
  vec3 color = v_state == 2 ? vec3(0.937, 0.267, 0.267)
    : v_state == 1 ? vec3(0.392, 0.455, 0.545)
    : vec3(0.133, 0.773, 0.369);
  float alpha = (v_state == 2 ? 0.95 : 0.8) * (1.0 - smoothstep(0.6, 1.0, d));
  fragColor = vec4(color * alpha, alpha);
}`;

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('WebGL: cannot create a shader');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    throw new Error(`WebGL shader: ${gl.getShaderInfoLog(shader) ?? 'compile error'}`);
  }
  return shader;
}

/**
 * Devices as a MapLibre custom layer: one vertex buffer of [x, y, state] drawn as GL points,
 * so 100,000 devices are one upload and one draw call instead of a GeoJSON source tiled in a
 * worker. Mercator projection only, which is what the screen uses.
 */
export class DevicePointsLayer implements CustomLayerInterface {
  readonly id: string;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  private map: MapLibreMap | null = null;
  private gl: WebGL2RenderingContext | null = null;
  private program: WebGLProgram | null = null;
  private buffer: WebGLBuffer | null = null;
  private pending: DeviceBuffer | null = null;
  private count = 0;
  private location = {
    matrix: null as WebGLUniformLocation | null,
    size: null as WebGLUniformLocation | null,
    pos: -1,
    state: -1,
  };
  /** Called after the first frame that drew a non-empty buffer. */
  onDrawn: ((count: number) => void) | null = null;

  constructor(id: string) {
    this.id = id;
  }

  setData(devices: DeviceBuffer): void {
    this.pending = devices;
    this.map?.triggerRepaint();
  }

  onAdd(map: MapLibreMap, gl: WebGLRenderingContext | WebGL2RenderingContext): void {
    this.map = map;
    if (!('createVertexArray' in gl)) throw new Error('WebGL 2 is required for the device layer');
    this.gl = gl;
    const program = gl.createProgram();
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      throw new Error(`WebGL program: ${gl.getProgramInfoLog(program) ?? 'link error'}`);
    }
    this.program = program;
    this.location = {
      matrix: gl.getUniformLocation(program, 'u_matrix'),
      size: gl.getUniformLocation(program, 'u_size'),
      pos: gl.getAttribLocation(program, 'a_pos'),
      state: gl.getAttribLocation(program, 'a_state'),
    };
    this.buffer = gl.createBuffer();
  }

  onRemove(): void {
    const gl = this.gl;
    if (gl) {
      if (this.buffer) gl.deleteBuffer(this.buffer);
      if (this.program) gl.deleteProgram(this.program);
    }
    this.gl = null;
    this.map = null;
  }

  render(
    gl: WebGLRenderingContext | WebGL2RenderingContext,
    options: CustomRenderMethodInput,
  ): void {
    if (!this.program || !this.buffer || !this.map) return;
    const uploaded = this.pending;
    if (uploaded) {
      gl.bindBuffer(gl.ARRAY_BUFFER, this.buffer);
      gl.bufferData(gl.ARRAY_BUFFER, uploaded.data, gl.STATIC_DRAW);
      this.count = uploaded.count;
      this.pending = null;
    }
    if (this.count === 0) return;
    gl.useProgram(this.program);
    // MapLibre keeps its own vertex array bound; ours must not change it.
    (gl as WebGL2RenderingContext).bindVertexArray(null);
    gl.uniformMatrix4fv(this.location.matrix, false, options.defaultProjectionData.mainMatrix);
    gl.uniform1f(this.location.size, dotDiameter(this.map.getZoom()) * window.devicePixelRatio);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffer);
    const stride = FLOATS_PER_DEVICE * 4;
    gl.enableVertexAttribArray(this.location.pos);
    gl.vertexAttribPointer(this.location.pos, 2, gl.FLOAT, false, stride, 0);
    gl.enableVertexAttribArray(this.location.state);
    gl.vertexAttribPointer(this.location.state, 1, gl.FLOAT, false, stride, 8);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.drawArrays(gl.POINTS, 0, this.count);
    gl.disableVertexAttribArray(this.location.pos);
    gl.disableVertexAttribArray(this.location.state);
    if (uploaded) this.onDrawn?.(this.count);
  }
}
