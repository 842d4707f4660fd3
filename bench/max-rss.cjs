// Preloaded into the processes the benchmark spawns (`node -r bench/max-rss.cjs …`): on exit, writes
// the process's peak resident set size (process.resourceUsage().maxRSS, KiB) and CPU time (user +
// system, µs) as JSON to the file named by SECURE_MESH_BENCH_RSS_FILE, so the benchmark measures the
// child, not itself. CPU time is what to compare on a machine shared with other work: wall time
// grows with the load of the machine, CPU time hardly does.
'use strict';
const fs = require('fs');
process.on('exit', () => {
  const file = process.env.SECURE_MESH_BENCH_RSS_FILE;
  if (!file) return;
  const usage = process.resourceUsage();
  fs.writeFileSync(file, JSON.stringify({ maxRSS: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }));
});
