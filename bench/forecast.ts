/**
 * `node --import tsx bench/forecast.ts [SCOPES] [TRIALS]`: times the Monte Carlo simulation of the
 * forecasts (src/metrics/forecast-simulate.ts) over SCOPES scopes (default 50) of 84 days of history,
 * TRIALS trials each (default 10,000), with throughputs of 0.2 to 20 items a day and 10 to 2,000 open
 * items, as `computeForecasts` runs it (one buffer set for all scopes). Prints the time per scope and
 * in all. Pure CPU: the SQL around it is timed by `worksync snapshot`'s log line.
 */
import { Mulberry32, scopeSeed } from '../src/metrics/forecast-random.js';
import { SimulationBuffers, simulate } from '../src/metrics/forecast-simulate.js';

const scopes = Number(process.argv[2] ?? 50);
const trials = Number(process.argv[3] ?? 10_000);
const rng = new Mulberry32(1);
const inputs = Array.from({ length: scopes }, (_, i) => {
  const rate = 0.2 + (19.8 * i) / Math.max(1, scopes - 1);
  // A rough Poisson day: the count of 40 draws under rate/40.
  const daily = Int32Array.from({ length: 84 }, () => {
    let n = 0;
    for (let k = 0; k < 40; k++) if (rng.next() / 4_294_967_296 < rate / 40) n++;
    return n;
  });
  return { daily, openItems: 10 + ((i * 397) % 1991), seed: scopeSeed(42, `scope ${i}`) };
});

const buffers = new SimulationBuffers();
let simulatedDays = 0;
/** CPU time of one pass (ms): wall time misleads on a shared machine. */
const run = () => {
  const started = process.cpuUsage();
  simulatedDays = 0;
  for (const input of inputs) {
    const r = simulate({ ...input, horizons: [14, 28, 56, 84], trials }, buffers);
    simulatedDays += trials * Math.max(84, r.when.mean ?? 0);
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
};
run(); // warm-up: the JIT
const times = Array.from({ length: 5 }, run).sort((a, b) => a - b);
const median = times[2]!;
process.stdout.write(
  `forecast simulation: ${scopes} scopes × ${trials} trials: median ${median.toFixed(0)} ms of CPU ` +
    `(${(median / scopes).toFixed(1)} ms a scope, ~${((median * 1e6) / simulatedDays).toFixed(1)} ns a simulated day ` +
    `of ~${(simulatedDays / 1e6).toFixed(0)} M; fastest ${times[0]!.toFixed(0)}, slowest ${times[4]!.toFixed(0)} ms of 5 runs)\n`,
);
