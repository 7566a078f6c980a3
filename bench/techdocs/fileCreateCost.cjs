// What creating folders and files costs on this machine's disk: the floor under any site build,
// ours or MkDocs'. `node bench/techdocs/fileCreateCost.cjs` prints wall and CPU ms per 100 calls.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'file-create-cost-'));
const page = Buffer.alloc(20000, 'a');

function time(label, fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  fn();
  const used = process.cpuUsage(cpu);
  console.log(
    `${label.padEnd(28)} ${(performance.now() - start).toFixed(0)} ms wall, ${(
      (used.user + used.system) /
      1000
    ).toFixed(0)} ms CPU`,
  );
}

try {
  for (let round = 0; round < 3; round++) {
    const dir = path.join(base, `r${round}`);
    fs.mkdirSync(dir);
    const each = fn => () => {
      for (let i = 0; i < 100; i++) fn(i);
    };
    time(
      '100 mkdir',
      each(i => fs.mkdirSync(path.join(dir, `p${i}`))),
    );
    time(
      '100 empty files',
      each(i => fs.writeFileSync(path.join(dir, `p${i}`, 'e.html'), '')),
    );
    time(
      '100 files of 20 KB',
      each(i => fs.writeFileSync(path.join(dir, `p${i}`, 'index.html'), page)),
    );
  }
  console.log(
    `Load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}.`,
  );
} finally {
  fs.rmSync(base, { recursive: true, force: true });
}
