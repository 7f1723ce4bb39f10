/**
 * The heat map's key: which class it shows and what its colours mean. The ramp is the shader's
 * (viewer/gl/shaders.ts): blue 0 -> yellow 0.5 -> red 1, invisible below about 5 % and faint to 25 %.
 */
export function HeatScale({ className }: { className: string }) {
  return (
    <div className="heat-scale" aria-label={`Heat map scale: probability of ${className}`}>
      <div className="heat-title">P({className})</div>
      <div className="heat-ramp" />
      <div className="heat-ticks">
        <span>0</span>
        <span>0.5</span>
        <span>1</span>
      </div>
    </div>
  );
}
