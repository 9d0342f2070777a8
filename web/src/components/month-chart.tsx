/**
 * A region's year on one chart, cumulative per month: what was spent (bars), the prognosis (line), the ceiling
 * (horizontal line) and the projection for the year (a marker at December). Drawn as SVG with a text summary for
 * screen readers; the same figures follow as a table.
 */
import { cents } from '../format';

export interface MonthPoint {
  month: string;
  spentCents: number | null;
  prognosisCents: number | null;
}

const W = 560;
const H = 200;
const PAD = { left: 70, right: 16, top: 12, bottom: 28 };
const MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

function cumulative(values: (number | null)[]): (number | null)[] {
  let sum = 0;
  let stopped = false;
  return values.map((v) => {
    if (v === null || stopped) {
      stopped = true;
      return null;
    }
    sum += v;
    return sum;
  });
}

export function MonthChart(props: {
  title: string;
  points: MonthPoint[];
  ceilingCents: number;
  projectedCents: number;
}) {
  const spent = cumulative(props.points.map((p) => p.spentCents));
  const prognosis = cumulative(props.points.map((p) => p.prognosisCents));
  const top =
    Math.max(
      props.ceilingCents,
      props.projectedCents,
      ...spent.map((v) => v ?? 0),
      ...prognosis.map((v) => v ?? 0),
      1,
    ) * 1.1;
  const x = (i: number) => PAD.left + ((W - PAD.left - PAD.right) / 12) * (i + 0.5);
  const y = (v: number) => H - PAD.bottom - ((H - PAD.top - PAD.bottom) * v) / top;
  const barWidth = ((W - PAD.left - PAD.right) / 12) * 0.6;
  const line = prognosis
    .map((v, i) => (v === null ? null : `${x(i)},${y(v)}`))
    .filter((p): p is string => p !== null)
    .join(' ');
  const lastSpent = spent.filter((v) => v !== null).at(-1) ?? 0;
  const summary = `${props.title}: besteed ${cents(lastSpent)}, prognose voor het jaar ${cents(prognosis.at(-1) ?? null)}, plafond ${cents(props.ceilingCents)}, verwachte besteding ${cents(props.projectedCents)}.`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(top * f)} y2={y(top * f)} class="grid" />
            <text x={PAD.left - 6} y={y(top * f) + 4} class="axis" text-anchor="end">
              {cents(Math.round(top * f)).replace(/,\d\d$/, '')}
            </text>
          </g>
        ))}
        {spent.map((v, i) =>
          v === null ? null : (
            <rect
              key={props.points[i]?.month}
              x={x(i) - barWidth / 2}
              y={y(v)}
              width={barWidth}
              height={y(0) - y(v)}
              class="spent"
            />
          ),
        )}
        {line && <polyline points={line} class="prognosis" />}
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={y(props.ceilingCents)}
          y2={y(props.ceilingCents)}
          class="ceiling"
        />
        <circle cx={x(11)} cy={y(props.projectedCents)} r={5} class="projected" />
        {props.points.map((p, i) => (
          <text key={p.month} x={x(i)} y={H - 8} class="axis" text-anchor="middle">
            {MONTHS[Number(p.month.slice(5, 7)) - 1]}
          </text>
        ))}
      </svg>
      <figcaption>
        <span class="key spent">besteed (cumulatief)</span> <span class="key prognosis">prognose</span>{' '}
        <span class="key ceiling">plafond</span> <span class="key projected">verwacht voor het jaar</span>
      </figcaption>
    </figure>
  );
}
